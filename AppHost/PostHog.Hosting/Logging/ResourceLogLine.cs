namespace PostHog.Hosting.Logging;

/// <summary>One line a resource wrote (stdout or stderr), numbered per resource instance.</summary>
public sealed record ResourceLogLine(int LineNumber, DateTime Timestamp, string Content, bool IsErrorMessage);
