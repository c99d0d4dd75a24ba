using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PostHog.Hosting.Kubernetes;
using PostHog.Hosting.Publishing;

namespace PostHog.Hosting;

/// <summary>
/// Opts the AppHost into <c>--publisher kubernetes --output-path manifests</c> (the shape of Aspire's
/// AddKubernetesPublisher before 9.3). Options: configuration <c>Kubernetes:*</c>, see <see cref="KubernetesPublisherOptions"/>.
/// </summary>
public static class KubernetesPublishingBuilderExtensions
{
    public const string PublisherName = "kubernetes";

    public static IDistributedApplicationBuilder AddKubernetesPublisher(this IDistributedApplicationBuilder builder)
    {
        foreach (var writer in KubernetesResourceWriters.Defaults())
        {
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(KubernetesResourceWriter), writer));
        }

        builder.Services.AddKeyedSingleton<IDistributedApplicationPublisher, KubernetesPublisher>(PublisherName);
        return builder;
    }

    /// <summary>A writer for a resource type of your own; it is asked before the defaults.</summary>
    public static IDistributedApplicationBuilder AddKubernetesResourceWriter(this IDistributedApplicationBuilder builder, KubernetesResourceWriter writer)
    {
        builder.Services.Insert(0, ServiceDescriptor.Singleton(typeof(KubernetesResourceWriter), writer));
        return builder;
    }
}
