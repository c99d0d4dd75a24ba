using PostHog.ServiceDefaults.Clients;

namespace PostHog.ServiceDefaults.PostgreSql;

/// <summary>Settings bound from <c>Aspire:Npgsql[:name]</c>, like Aspire.Npgsql's.</summary>
public sealed class NpgsqlSettings : IClientSettings
{
    public string? ConnectionString { get; set; }

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    public bool DisableMetrics { get; set; }
}
