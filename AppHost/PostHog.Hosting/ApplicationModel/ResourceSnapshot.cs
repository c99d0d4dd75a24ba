using System.Collections.Immutable;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PostHog.Hosting.ApplicationModel;

/// <summary>
/// What the AppHost knows about one running instance of a resource (Aspire's <c>CustomResourceSnapshot</c>):
/// the dashboard, the console table and tests read these.
/// </summary>
public sealed record ResourceSnapshot
{
    /// <summary>Project, Executable, Parameter… (the resource's CLR type name without "Resource").</summary>
    public required string ResourceType { get; init; }

    public string State { get; init; } = KnownResourceStates.NotStarted;

    /// <summary>Null unless Running; Healthy without health checks; else the last check result (Unhealthy until one arrives).</summary>
    public HealthStatus? HealthStatus { get; init; }

    /// <summary>Why it is unhealthy, failed to start or exited, in one line.</summary>
    public string? Message { get; init; }

    public ImmutableArray<string> Urls { get; init; } = [];

    public DateTime? StartTimeStamp { get; init; }

    public DateTime? StopTimeStamp { get; init; }

    public int? ExitCode { get; init; }

    public int? ProcessId { get; init; }

    /// <summary>What was launched (secrets masked).</summary>
    public string? CommandLine { get; init; }

    public int Restarts { get; init; }

    public int ReplicaIndex { get; init; }

    /// <summary>The environment the process got, secrets masked.</summary>
    public ImmutableArray<KeyValuePair<string, string>> EnvironmentVariables { get; init; } = [];

    public string? Parent { get; init; }

    public string? LogFile { get; init; }

    public bool IsTerminal => KnownResourceStates.TerminalStates.Contains(State);
}

/// <summary>A snapshot change of one resource instance (<paramref name="ResourceId"/> is unique per replica).</summary>
public sealed record ResourceEvent(IResource Resource, string ResourceId, ResourceSnapshot Snapshot);
