namespace PostHog.Hosting.ApplicationModel;

/// <summary>How to install a missing executable, printed in the one-line failure (e.g. <c>apt-get install -y redis-server</c>).</summary>
public sealed record ExecutableInstallHintAnnotation(string Hint) : IResourceAnnotation;

/// <summary>How long the resource may take from launch to healthy before start-up counts as failed.</summary>
public sealed record StartTimeoutAnnotation(TimeSpan Timeout) : IResourceAnnotation;

/// <summary>How long a SIGTERM'd process may take to exit before it is SIGKILLed.</summary>
public sealed record StopTimeoutAnnotation(TimeSpan Timeout) : IResourceAnnotation;
