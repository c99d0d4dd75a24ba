using PostHog.ServiceDefaults.Clients;

namespace PostHog.ServiceDefaults.ClickHouse;

/// <summary>Settings bound from <c>Aspire:ClickHouse:Client[:name]</c>.</summary>
public sealed class ClickHouseClientSettings : IClientSettings
{
    /// <summary><c>Endpoint=…;Username=…;Password=…;Database=…;Cluster=…</c> (see <see cref="ClickHouseConnectionString"/>).</summary>
    public string? ConnectionString { get; set; }

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    /// <summary>How long to wait for a TCP connection before trying the next node.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound for one statement, all failover attempts included.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
