namespace PostHog.Hosting.ApplicationModel;

/// <summary>A resource others find by <c>services__{name}__{endpoint}__{i}</c> (projects).</summary>
public interface IResourceWithServiceDiscovery : IResourceWithEndpoints;
