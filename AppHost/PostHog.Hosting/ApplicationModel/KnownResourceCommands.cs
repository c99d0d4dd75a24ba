namespace PostHog.Hosting.ApplicationModel;

/// <summary>The command names Aspire's dashboard shows on every process resource (Aspire's KnownResourceCommands).</summary>
public static class KnownResourceCommands
{
    public const string StartCommand = "resource-start";
    public const string StopCommand = "resource-stop";
    public const string RestartCommand = "resource-restart";

    public static readonly IReadOnlyList<string> All = [StartCommand, StopCommand, RestartCommand];
}
