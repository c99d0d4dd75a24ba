namespace PostHog.Hosting.Testing;

/// <summary>An AppHost builder handed to a test: tweak Services/Resources/Configuration, then <see cref="BuildAsync"/>.</summary>
public interface IDistributedApplicationTestingBuilder : IDistributedApplicationBuilder, IAsyncDisposable
{
    Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default);
}
