using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Health;

/// <summary>
/// The AppHost-side check <c>WithHttpHealthCheck</c> registers: GET {endpoint}{path} on every replica and expect the
/// status code. (Aspire polls the one proxied URL; we have no proxy, so all replicas must answer.)
/// </summary>
public sealed class HttpEndpointHealthCheck(IHttpClientFactory httpClients, EndpointReference endpoint, string path, int statusCode) : IHealthCheck
{
    public const string HttpClientName = "PostHog.Hosting.HealthChecks";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var replicas = endpoint.EndpointAnnotation.AllocatedEndpoints;
        if (replicas.Count == 0)
        {
            return HealthCheckResult.Unhealthy($"{endpoint.Resource.Name}: endpoint '{endpoint.EndpointName}' has no port yet");
        }

        var client = httpClients.CreateClient(HttpClientName);
        foreach (var replica in replicas)
        {
            var url = new Uri(new Uri(replica.UriString), path);
            try
            {
                using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode != statusCode)
                {
                    return HealthCheckResult.Unhealthy($"GET {url} answered {(int)response.StatusCode}, expected {statusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return HealthCheckResult.Unhealthy($"GET {url} failed: {e.Message}");
            }
        }

        return HealthCheckResult.Healthy();
    }
}
