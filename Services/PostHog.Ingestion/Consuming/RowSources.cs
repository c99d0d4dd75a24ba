using Confluent.Kafka;
using PostHog.Ingestion.Writing;

namespace PostHog.Ingestion.Consuming;

/// <summary>
/// Which Kafka message each row of a batch came from, by the row's identity: when ClickHouse refuses a row, its message
/// is what goes to the dead letter queue. A row kept per key (a person's newest version) belongs to the message that
/// produced that version. Not thread-safe: one per key while the batch is prepared, merged afterwards.
/// </summary>
public sealed class RowSources
{
    private readonly Dictionary<object, ConsumeResult<string, byte[]>> sources = new(ReferenceEqualityComparer.Instance);

    /// <summary>After <paramref name="message"/> was processed into <paramref name="writes"/>: its new rows are its own.</summary>
    public void Claim(ConsumeResult<string, byte[]> message, BatchWrites writes, int eventsBefore, int warningsBefore)
    {
        foreach (var row in writes.Persons) sources.TryAdd(row, message);
        foreach (var row in writes.DistinctIds) sources.TryAdd(row, message);
        foreach (var row in writes.Groups) sources.TryAdd(row, message);
        for (var i = eventsBefore; i < writes.Events.Count; i++) sources.TryAdd(writes.Events[i], message);
        for (var i = warningsBefore; i < writes.Warnings.Count; i++) sources.TryAdd(writes.Warnings[i], message);
    }

    public void Add(RowSources other)
    {
        foreach (var (row, message) in other.sources) sources.TryAdd(row, message);
    }

    public ConsumeResult<string, byte[]>? SourceOf(object row) => sources.GetValueOrDefault(row);
}
