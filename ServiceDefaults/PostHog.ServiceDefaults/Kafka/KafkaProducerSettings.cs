using Confluent.Kafka;
using PostHog.ServiceDefaults.Clients;

namespace PostHog.ServiceDefaults.Kafka;

/// <summary>Settings bound from <c>Aspire:Confluent:Kafka:Producer[:name]</c>, like Aspire.Confluent.Kafka's.</summary>
public sealed class KafkaProducerSettings : IClientSettings
{
    /// <summary>Bootstrap servers (<c>host:port[,host:port]</c>), as the AppHost passes in <c>ConnectionStrings:kafka</c>.</summary>
    public string? ConnectionString { get; set; }

    public ProducerConfig Config { get; set; } = new();

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    public bool DisableMetrics { get; set; }

    internal void Consolidate() => KafkaSettings.Consolidate(Config, ConnectionString, DisableMetrics);

    internal void Validate(string connectionName) => KafkaSettings.ValidateBootstrapServers(Config, connectionName, Microsoft.Extensions.Hosting.KafkaClientExtensions.ProducerConfigSection);
}
