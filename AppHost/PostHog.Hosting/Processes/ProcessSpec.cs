namespace PostHog.Hosting.Processes;

/// <summary>Everything needed to launch one resource instance.</summary>
public sealed record ProcessSpec(
    string ResourceId,
    string Command,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment);
