using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Orchestration;

/// <summary>
/// Stop, start and restart one resource while the app runs (Aspire's ResourceCommandService with its built-in
/// commands). A name is a resource name (every replica) or one instance id (<c>capture-abcd1234</c>). Only process
/// resources (projects, executables, cluster nodes such as <c>clickhouse-s1-r2</c>) can be commanded. A start
/// relaunches on the same ports and log file and adds one to the snapshot's <see cref="ResourceSnapshot.Restarts"/>;
/// wait with <c>ResourceNotifications.WaitForResourceHealthyAsync</c> afterwards.
/// </summary>
public sealed class ResourceCommandService(ApplicationOrchestrator orchestrator, DistributedApplicationModel model)
{
    /// <summary>SIGTERM, then SIGKILL after the stop timeout; the instances end <c>Finished</c>. Stopped or exited ones are left as they are.</summary>
    public Task StopAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var (resource, instances) = Resolve(resourceName);
        return orchestrator.StopInstancesAsync(resource, instances, cancellationToken);
    }

    /// <summary>Launches the stopped, exited or killed instances again; returns once they are <c>Running</c> (not yet healthy).</summary>
    public Task StartAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var (resource, instances) = Resolve(resourceName);
        return orchestrator.StartInstancesAsync(resource, instances, cancellationToken);
    }

    public async Task RestartAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var (resource, instances) = Resolve(resourceName);
        await orchestrator.StopInstancesAsync(resource, instances, cancellationToken).ConfigureAwait(false);
        await orchestrator.StartInstancesAsync(resource, instances, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True for names that <see cref="StopAsync"/>/<see cref="StartAsync"/> accept.</summary>
    public bool CanExecute(string resourceName) => TryResolve(resourceName, out _, out _);

    /// <summary>By command name (<see cref="KnownResourceCommands"/>), for a dashboard button; failures come back as a message, not an exception.</summary>
    public async Task<ExecuteCommandResult> ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken = default)
    {
        try
        {
            switch (commandName)
            {
                case KnownResourceCommands.StartCommand: await StartAsync(resourceName, cancellationToken).ConfigureAwait(false); break;
                case KnownResourceCommands.StopCommand: await StopAsync(resourceName, cancellationToken).ConfigureAwait(false); break;
                case KnownResourceCommands.RestartCommand: await RestartAsync(resourceName, cancellationToken).ConfigureAwait(false); break;
                default: return new ExecuteCommandResult(false, $"unknown command '{commandName}'");
            }

            return new ExecuteCommandResult(true, null);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Processes.ResourceStartException)
        {
            return new ExecuteCommandResult(false, e.Message);
        }
    }

    private (IResource Resource, IReadOnlyList<ResourceInstance> Instances) Resolve(string name) =>
        TryResolve(name, out var resource, out var instances)
            ? (resource, instances)
            : throw new ArgumentException($"'{name}' is not a process resource or instance of this app.", nameof(name));

    private bool TryResolve(string name, out IResource resource, out IReadOnlyList<ResourceInstance> instances)
    {
        foreach (var candidate in model.Resources.Where(ResourceHierarchy.IsLaunchable))
        {
            var all = orchestrator.InstancesOf(candidate);
            if (string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase) && all.Count > 0)
            {
                (resource, instances) = (candidate, all);
                return true;
            }

            if (all.FirstOrDefault(i => string.Equals(i.Id, name, StringComparison.OrdinalIgnoreCase)) is { } one)
            {
                (resource, instances) = (candidate, [one]);
                return true;
            }
        }

        (resource, instances) = (null!, []);
        return false;
    }
}

/// <summary>What a command did: success, or the one-line reason it could not.</summary>
public sealed record ExecuteCommandResult(bool Success, string? ErrorMessage);
