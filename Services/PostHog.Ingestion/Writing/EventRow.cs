using PostHog.Contracts.Storage;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Writing;

/// <summary>
/// A row of ClickHouse <c>events</c> (PostHog's <c>clickhouse_events_json</c> row plus key/value arrays), held already
/// encoded as RowBinary in the order of <see cref="Columns"/> (<see cref="EventRowBuilder"/> encodes it). One byte array
/// per row rather than some seventy strings: a batch's rows wait for the write, and the collector then copies one block
/// instead of tracing every string.
/// </summary>
public sealed class EventRow(byte[] encoded)
{
    /// <summary>The INSERT's column list, in the order the row's values are encoded.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        EventColumns.Uuid, EventColumns.Event, EventColumns.Properties, EventColumns.PropertiesKeys, EventColumns.PropertiesValues,
        EventColumns.Timestamp, EventColumns.TeamId, EventColumns.ProjectId, EventColumns.DistinctId, EventColumns.ElementsChain,
        EventColumns.CreatedAt, EventColumns.CapturedAt, EventColumns.PersonId, EventColumns.PersonCreatedAt, EventColumns.PersonProperties,
        EventColumns.PersonPropertiesKeys, EventColumns.PersonPropertiesValues, EventColumns.PersonMode, EventColumns.SessionId, EventColumns.WindowId,
        .. Enumerable.Range(0, EventColumns.MaxGroupTypes).SelectMany(i => new[] { EventColumns.GroupKey(i), EventColumns.GroupProperties(i), EventColumns.GroupCreatedAt(i) }),
        EventColumns.HistoricalMigration, EventColumns.InsertedAt, EventColumns.Offset, EventColumns.Partition,
    ];

    public required Guid Uuid { get; init; }
    public required string Event { get; init; }
    public required long TeamId { get; init; }
    public required string DistinctId { get; init; }

    /// <summary>The Kafka position of the message the row came from.</summary>
    public required int Partition { get; init; }

    /// <inheritdoc cref="Partition"/>
    public required long Offset { get; init; }

    public void WriteTo(RowBinaryWriter rows) => rows.Encoded(encoded);
}
