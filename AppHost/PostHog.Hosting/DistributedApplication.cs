namespace PostHog.Hosting;

/// <summary>The built AppHost: runs (orchestrates) or publishes the model.</summary>
public sealed partial class DistributedApplication
{
}
