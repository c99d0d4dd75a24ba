using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Publishing;

/// <summary>
/// Writes the model somewhere instead of running it (<c>--publisher manifest --output-path aspire-manifest.json</c>).
/// Register implementations with <c>builder.Services.AddKeyedSingleton&lt;IDistributedApplicationPublisher, T&gt;("manifest")</c>.
/// </summary>
public interface IDistributedApplicationPublisher
{
    Task PublishAsync(DistributedApplicationModel model, string? outputPath, CancellationToken cancellationToken);
}
