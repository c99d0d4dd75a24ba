using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PostHog.Ingestion.Telemetry;

/// <summary>Ingestion's spans and meters ("PostHog.Ingestion", picked up by ServiceDefaults' PostHog.* rules).</summary>
public sealed class IngestionTelemetry : IDisposable
{
    public const string Name = "PostHog.Ingestion";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter meter;
    private readonly Counter<long> processed;
    private readonly Counter<long> dropped;
    private readonly Counter<long> deadLettered;
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> batchDuration;
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> lag = new();

    public IngestionTelemetry(IMeterFactory meters)
    {
        meter = meters.Create(Name);
        processed = meter.CreateCounter<long>("ingestion.events.processed", "{event}", "Events written to ClickHouse.");
        dropped = meter.CreateCounter<long>("ingestion.events.dropped", "{event}", "Events dropped on purpose (e.g. unknown token).");
        deadLettered = meter.CreateCounter<long>("ingestion.events.dead_lettered", "{event}", "Messages sent to the dead letter queue.");
        batchSize = meter.CreateHistogram<int>("ingestion.batch.size", "{message}", "Messages per consumed batch.");
        batchDuration = meter.CreateHistogram<double>("ingestion.batch.duration", "s", "Time to process and write one batch.");
        meter.CreateObservableGauge("ingestion.consumer.lag", () => lag.Select(entry => new Measurement<long>(entry.Value,
            new KeyValuePair<string, object?>("messaging.destination.name", entry.Key.Topic),
            new KeyValuePair<string, object?>("messaging.destination.partition.id", entry.Key.Partition))), "{message}", "Messages behind the partition's high watermark.");
    }

    public void Processed(string topic, int count = 1) => processed.Add(count, new KeyValuePair<string, object?>("messaging.destination.name", topic));

    public void Dropped(string reason) => dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DeadLettered(string step) => deadLettered.Add(1, new KeyValuePair<string, object?>("step", step));

    public void Batch(int size, TimeSpan duration)
    {
        batchSize.Record(size);
        batchDuration.Record(duration.TotalSeconds);
    }

    public void Lag(string topic, int partition, long messages) => lag[(topic, partition)] = Math.Max(0, messages);

    public void Dispose() => meter.Dispose();
}
