using PostHog.Hosting.Servers.ClickHouse;

namespace PostHog.Hosting.Tests.Servers;

/// <summary>Plain ClickHouse HTTP (what 18.16 speaks): POST the query to a node as the default user.</summary>
internal sealed class ClickHouseHttp(string password) : IDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task<string> QueryAsync(ClickHouseNodeResource node, string sql, CancellationToken cancellationToken, string settings = "")
    {
        var url = $"{node.HttpEndpoint.Url}/?user=default&password={Uri.EscapeDataString(password)}{settings}";
        using var response = await _client.PostAsync(url, new StringContent(sql), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? body.Trim() : throw new HttpRequestException($"{node.Name}: {(int)response.StatusCode} {body.Trim()}");
    }

    /// <summary>Retries until <paramref name="sql"/> answers <paramref name="expected"/> (replication is asynchronous).</summary>
    public async Task<string> EventuallyAsync(ClickHouseNodeResource node, string sql, string expected, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await QueryAsync(node, sql, cancellationToken);
                if (last == expected)
                {
                    return last;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(200, cancellationToken);
        }

        return last;
    }

    public void Dispose() => _client.Dispose();
}
