using Microsoft.Extensions.DependencyInjection;

namespace PostHog.Hosting.Publishing;

/// <summary>
/// Aspire has its manifest publisher built in; ours lives in its own library (it knows the backing servers' images),
/// so the AppHost opts in with one call.
/// </summary>
public static class PublishingBuilderExtensions
{
    public static IDistributedApplicationBuilder AddManifestPublisher(this IDistributedApplicationBuilder builder)
    {
        builder.Services.AddKeyedSingleton<IDistributedApplicationPublisher, ManifestPublisher>("manifest");
        return builder;
    }
}
