using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Health;

namespace PostHog.Hosting;

/// <summary><c>WithHttpHealthCheck</c>: the AppHost polls the resource's own URL to decide it is healthy.</summary>
public static class HealthCheckBuilderExtensions
{
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health", int statusCode = 200, string? endpointName = null)
        where T : IResourceWithEndpoints
    {
        var endpoint = endpointName is not null
            ? builder.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == endpointName)
            : builder.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme is "http" or "https");
        if (endpoint is null)
        {
            throw new DistributedApplicationException(
                $"'{builder.Resource.Name}' has no {(endpointName is null ? "http endpoint" : $"endpoint named '{endpointName}'")} to health-check; add one with WithHttpEndpoint first.");
        }

        var reference = new EndpointReference(builder.Resource, endpoint.Name);

        // Aspire's key shape: {resource}_{endpoint}_{path}_{status}_check.
        var key = $"{builder.Resource.Name}_{endpoint.Name}_{path}_{statusCode}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            sp => new HttpEndpointHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), reference, path, statusCode),
            failureStatus: HealthStatus.Unhealthy,
            tags: null,
            timeout: TimeSpan.FromSeconds(5)));
        return builder.WithHealthCheck(key);
    }
}
