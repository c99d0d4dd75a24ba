using Microsoft.Extensions.DependencyInjection;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Testing;

/// <summary>What a test asks a running app (Aspire.Hosting.Testing's extension methods of the same names).</summary>
public static class DistributedApplicationTestingExtensions
{
    /// <summary>An HttpClient whose base address is the resource's endpoint (first http endpoint unless named).</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, string? endpointName = null)
    {
        var factory = app.Services.GetService<IHttpClientFactory>();
        var client = factory?.CreateClient($"{resourceName}-{endpointName}") ?? new HttpClient();
        client.BaseAddress = app.GetEndpoint(resourceName, endpointName);
        return client;
    }

    public static Uri GetEndpoint(this DistributedApplication app, string resourceName, string? endpointName = null)
    {
        var resource = Find(app, resourceName);
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        var endpoint = endpointName is null
            ? endpoints.FirstOrDefault(e => e.UriScheme is "http" or "https") ?? endpoints.FirstOrDefault()
            : endpoints.FirstOrDefault(e => e.Name == endpointName);
        if (endpoint?.AllocatedEndpoint is not { } allocated)
        {
            throw new InvalidOperationException(endpoint is null
                ? $"Resource '{resourceName}' has no endpoint{(endpointName is null ? string.Empty : $" named '{endpointName}'")}."
                : $"The endpoint '{endpoint.Name}' of '{resourceName}' has no port yet; call StartAsync first.");
        }

        return new Uri(allocated.UriString);
    }

    public static async Task<string?> GetConnectionStringAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken = default)
        => Find(app, resourceName) is IResourceWithConnectionString resource
            ? await resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
            : throw new InvalidOperationException($"Resource '{resourceName}' has no connection string.");

    private static IResource Find(DistributedApplication app, string name)
        => app.Model.Resources.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Resource '{name}' is not in the app model.", nameof(name));
}
