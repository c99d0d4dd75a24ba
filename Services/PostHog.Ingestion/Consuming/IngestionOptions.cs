using PostHog.Contracts;

namespace PostHog.Ingestion.Consuming;

/// <summary>Bound from the <c>Ingestion</c> configuration section.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>PostHog's consumer group name for this deployment.</summary>
    public string ConsumerGroup { get; set; } = "clickhouse-ingestion";

    public string[] Topics { get; set; } =
        [KafkaTopics.EventsPluginIngestion, KafkaTopics.EventsPluginIngestionOverflow, KafkaTopics.EventsPluginIngestionHistorical];

    /// <summary>At most this many messages per ClickHouse write.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>How long a batch waits to fill before it is written anyway.</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many distinct ids of a batch are processed at once (each one's events stay in order).</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>The longest pause before a failed batch is tried again.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
