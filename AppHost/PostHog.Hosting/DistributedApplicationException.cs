namespace PostHog.Hosting;

/// <summary>A mistake in the app model or in how the AppHost was started (Aspire has the same type).</summary>
public sealed class DistributedApplicationException(string message) : Exception(message);
