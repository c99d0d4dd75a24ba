using Confluent.Kafka;
using PostHog.ServiceDefaults.Clients;

namespace PostHog.ServiceDefaults.Kafka;

/// <summary>Settings bound from <c>Aspire:Confluent:Kafka:Consumer[:name]</c>; a consumer needs <c>Config.GroupId</c>.</summary>
public sealed class KafkaConsumerSettings : IClientSettings
{
    /// <summary>Bootstrap servers (<c>host:port[,host:port]</c>), as the AppHost passes in <c>ConnectionStrings:kafka</c>.</summary>
    public string? ConnectionString { get; set; }

    public ConsumerConfig Config { get; set; } = new();

    public bool DisableHealthChecks { get; set; }

    public bool DisableTracing { get; set; }

    public bool DisableMetrics { get; set; }

    internal void Consolidate() => KafkaSettings.Consolidate(Config, ConnectionString, DisableMetrics);

    internal void Validate(string connectionName)
    {
        KafkaSettings.ValidateBootstrapServers(Config, connectionName, Microsoft.Extensions.Hosting.KafkaClientExtensions.ConsumerConfigSection);
        if (string.IsNullOrWhiteSpace(Config.GroupId))
        {
            throw new InvalidOperationException(
                $"Kafka consumer '{connectionName}': Config.GroupId is required. Set it in the configureSettings delegate " +
                $"or in '{Microsoft.Extensions.Hosting.KafkaClientExtensions.ConsumerConfigSection}:Config:GroupId'.");
        }
    }
}
