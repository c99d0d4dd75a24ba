namespace PostHog.Hosting.ApplicationModel;

/// <summary>The state strings Aspire's dashboard and tests use.</summary>
public static class KnownResourceStates
{
    public const string NotStarted = nameof(NotStarted);
    public const string Waiting = nameof(Waiting);
    public const string Starting = nameof(Starting);
    public const string Building = nameof(Building);
    public const string Running = nameof(Running);
    public const string Stopping = nameof(Stopping);
    public const string Exited = nameof(Exited);
    public const string Finished = nameof(Finished);
    public const string FailedToStart = nameof(FailedToStart);
    public const string RuntimeUnhealthy = nameof(RuntimeUnhealthy);

    public static readonly IReadOnlyList<string> TerminalStates = [Finished, FailedToStart, Exited];
}
