using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PostHog.Hosting.Servers.ClickHouse;

/// <summary>
/// A node is healthy when GET /ping answers <c>Ok.</c> and, with ZooKeeper, none of its replicated tables is read-only:
/// /ping is Ok before a restarted replica has its ZooKeeper session back, and inserts would fail until then.
/// A cluster is healthy only when every node is.
/// </summary>
public sealed class ClickHouseHealthCheck(IHttpClientFactory httpClients, IReadOnlyList<ClickHouseNodeResource> nodes) : IHealthCheck
{
    public const string HttpClientName = "PostHog.Hosting.Servers.ClickHouse";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var failures = await Task.WhenAll(nodes.Select(n => CheckAsync(client, n, cancellationToken))).ConfigureAwait(false);
        var failed = failures.Where(f => f is not null).ToList();
        return failed.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join("; ", failed));
    }

    private static async Task<string?> CheckAsync(HttpClient client, ClickHouseNodeResource node, CancellationToken cancellationToken)
    {
        if (!node.HttpEndpoint.IsAllocated)
        {
            return $"{node.Name}: no port yet";
        }

        try
        {
            var ping = (await client.GetStringAsync(new Uri($"{node.HttpEndpoint.Url}/ping"), cancellationToken).ConfigureAwait(false)).Trim();
            if (ping != "Ok.")
            {
                return $"{node.Name}: /ping answered '{ping}'";
            }

            if (node.Parent.ZooKeeper is null)
            {
                return null;
            }

            var query = Uri.EscapeDataString("SELECT count() FROM system.replicas WHERE is_readonly");
            var password = Uri.EscapeDataString(node.Parent.PasswordParameter.Value);
            var url = new Uri($"{node.HttpEndpoint.Url}/?user={ClickHouseClusterResource.UserName}&password={password}&query={query}");
            using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            if (!response.IsSuccessStatusCode)
            {
                return $"{node.Name}: {(int)response.StatusCode} {body.Split('\n')[0]}";
            }

            return int.TryParse(body, NumberStyles.Integer, CultureInfo.InvariantCulture, out var readOnly) && readOnly == 0
                ? null
                : $"{node.Name}: {body} replicated table(s) read-only (no ZooKeeper session yet)";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"{node.Name}: {e.Message}";
        }
    }
}
