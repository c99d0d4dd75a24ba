using PostHog.ServiceDefaults.Clients;

namespace PostHog.ServiceDefaults.Redis;

/// <summary>
/// Settings bound from <c>Aspire:StackExchange:Redis[:name]</c>. No tracing switch: the StackExchange.Redis
/// OpenTelemetry instrumentation package is not on our feed, so Redis commands are not traced.
/// </summary>
public sealed class RedisSettings : IClientSettings
{
    public string? ConnectionString { get; set; }

    public bool DisableHealthChecks { get; set; }
}
