using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PostHog.Hosting.Servers.ClickHouse;

/// <summary>GET /ping on each node must answer <c>Ok.</c>; a cluster is healthy only when every node is.</summary>
public sealed class ClickHousePingCheck(IHttpClientFactory httpClients, IReadOnlyList<ClickHouseNodeResource> nodes) : IHealthCheck
{
    public const string HttpClientName = "PostHog.Hosting.Servers.ClickHouse";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var failures = await Task.WhenAll(nodes.Select(n => PingAsync(client, n, cancellationToken))).ConfigureAwait(false);
        var failed = failures.Where(f => f is not null).ToList();
        return failed.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join("; ", failed));
    }

    private static async Task<string?> PingAsync(HttpClient client, ClickHouseNodeResource node, CancellationToken cancellationToken)
    {
        if (!node.HttpEndpoint.IsAllocated)
        {
            return $"{node.Name}: no port yet";
        }

        try
        {
            var body = await client.GetStringAsync(new Uri($"{node.HttpEndpoint.Url}/ping"), cancellationToken).ConfigureAwait(false);
            return body.Trim() == "Ok." ? null : $"{node.Name}: /ping answered '{body.Trim()}'";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"{node.Name}: {e.Message}";
        }
    }
}
