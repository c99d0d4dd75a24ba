using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Orchestration;

namespace PostHog.Dashboard.Api;

/// <summary>One resource instance as GET /api/resources returns it (environment values are already masked by the AppHost).</summary>
public sealed record ResourceView(
    string Name,
    string Resource,
    string Type,
    string State,
    string? Health,
    IReadOnlyList<string> Endpoints,
    string? Parent,
    DateTime? StartTime,
    DateTime? StopTime,
    int Restarts,
    int? ExitCode,
    int? ProcessId,
    string? Message,
    string? CommandLine,
    bool HasConsoleLog,
    IReadOnlyList<string> Commands,
    IReadOnlyList<KeyValuePair<string, string>> Environment)
{
    public static ResourceView From(ResourceEvent e, ResourceCommandService? commands)
    {
        var s = e.Snapshot;
        return new ResourceView(
            e.ResourceId, e.Resource.Name, s.ResourceType, s.State, s.HealthStatus?.ToString(), [.. s.Urls],
            // A replica's parent is its resource; a cluster node's or database's parent is the cluster or server.
            s.Parent ?? (e.ResourceId != e.Resource.Name ? e.Resource.Name : null),
            s.StartTimeStamp, s.StopTimeStamp, s.Restarts, s.ExitCode, s.ProcessId, s.Message, s.CommandLine, s.LogFile is not null,
            CommandsFor(e, commands), [.. s.EnvironmentVariables]);
    }

    /// <summary>The buttons that make sense now: stop/restart a running process, start a stopped or exited one.</summary>
    private static IReadOnlyList<string> CommandsFor(ResourceEvent e, ResourceCommandService? commands)
    {
        if (commands is null || !commands.CanExecute(e.ResourceId))
        {
            return [];
        }

        return e.Snapshot.State switch
        {
            KnownResourceStates.Running => [KnownResourceCommands.RestartCommand, KnownResourceCommands.StopCommand],
            KnownResourceStates.Finished or KnownResourceStates.Exited or KnownResourceStates.FailedToStart => [KnownResourceCommands.StartCommand],
            _ => [],
        };
    }
}
