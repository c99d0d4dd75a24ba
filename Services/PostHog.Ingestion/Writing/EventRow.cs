using PostHog.Contracts.Storage;
using PostHog.Ingestion.Groups;
using PostHog.Ingestion.Persons;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Writing;

/// <summary>
/// A row of ClickHouse <c>events</c> (PostHog's <c>clickhouse_events_json</c> row plus key/value arrays), written as
/// RowBinary in the order of <see cref="Columns"/>.
/// </summary>
public sealed class EventRow
{
    /// <summary>The INSERT's column list; <see cref="WriteTo"/> writes the values in this order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        EventColumns.Uuid, EventColumns.Event, EventColumns.Properties, EventColumns.PropertiesKeys, EventColumns.PropertiesValues,
        EventColumns.Timestamp, EventColumns.TeamId, EventColumns.ProjectId, EventColumns.DistinctId, EventColumns.ElementsChain,
        EventColumns.CreatedAt, EventColumns.CapturedAt, EventColumns.PersonId, EventColumns.PersonCreatedAt, EventColumns.PersonProperties,
        EventColumns.PersonPropertiesKeys, EventColumns.PersonPropertiesValues, EventColumns.PersonMode, EventColumns.SessionId, EventColumns.WindowId,
        .. Enumerable.Range(0, EventColumns.MaxGroupTypes).SelectMany(i => new[] { EventColumns.GroupKey(i), EventColumns.GroupProperties(i), EventColumns.GroupCreatedAt(i) }),
        EventColumns.HistoricalMigration, EventColumns.InsertedAt, EventColumns.Offset, EventColumns.Partition,
    ];

    private readonly GroupColumns?[] groups = new GroupColumns?[EventColumns.MaxGroupTypes];

    public required Guid Uuid { get; init; }
    public required string Event { get; init; }
    public required string Properties { get; init; }
    public required string[] PropertiesKeys { get; init; }
    public required string[] PropertiesValues { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required long TeamId { get; init; }
    public required long ProjectId { get; init; }
    public required string DistinctId { get; init; }
    public required string ElementsChain { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset CapturedAt { get; init; }
    public required Guid PersonId { get; init; }
    public required DateTimeOffset PersonCreatedAt { get; init; }
    public required string PersonProperties { get; init; }
    public required IReadOnlyList<string> PersonPropertiesKeys { get; init; }
    public required IReadOnlyList<string> PersonPropertiesValues { get; init; }
    public required PersonMode PersonMode { get; init; }
    public required string SessionId { get; init; }
    public required string WindowId { get; init; }
    public required bool HistoricalMigration { get; init; }
    public required DateTimeOffset InsertedAt { get; init; }
    public required long Offset { get; init; }
    public required int Partition { get; init; }

    /// <summary>Fills the <c>$group_N</c>, <c>groupN_properties</c> and <c>groupN_created_at</c> columns of one group type index.</summary>
    public void SetGroup(GroupColumns group)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(group.Index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(group.Index, EventColumns.MaxGroupTypes);
        groups[group.Index] = group;
    }

    public void WriteTo(RowBinaryWriter row)
    {
        row.Uuid(Uuid);
        row.String(Event);
        row.String(Properties);
        row.StringArray(PropertiesKeys);
        row.StringArray(PropertiesValues);
        row.DateTime(Timestamp);
        row.Int64(TeamId);
        row.Int64(ProjectId);
        row.String(DistinctId);
        row.String(ElementsChain);
        row.DateTime(CreatedAt);
        row.DateTime(CapturedAt);
        row.Uuid(PersonId);
        row.DateTime(PersonCreatedAt);
        row.String(PersonProperties);
        row.StringArray(PersonPropertiesKeys);
        row.StringArray(PersonPropertiesValues);
        // Enum8('full' = 0, 'propertyless' = 1, 'force_upgrade' = 2)
        row.Int8(PersonMode switch
        {
            PersonMode.Propertyless => 1,
            PersonMode.ForceUpgrade => 2,
            _ => 0,
        });
        row.String(SessionId);
        row.String(WindowId);
        foreach (var group in groups)
        {
            row.String(group?.Key ?? string.Empty);
            row.String(group?.Properties ?? string.Empty);
            row.DateTime(group?.CreatedAt ?? DateTimeOffset.UnixEpoch);
        }

        row.UInt8(HistoricalMigration ? (byte)1 : (byte)0);
        row.DateTime(InsertedAt);
        row.UInt64((ulong)Offset);
        row.UInt64((ulong)Partition);
    }
}
