using PostHog.Ingestion.Parsing;
using PostHog.Ingestion.Persons;

namespace PostHog.Ingestion.Writing;

/// <summary>
/// Everything a batch (or one event's attempt) will write to ClickHouse. Rows carry the Kafka position of the message
/// that caused them (<see cref="Partition"/>, <see cref="Offset"/>), as PostHog's <c>_offset</c>/<c>_partition</c> columns,
/// and the batch's processing time (<see cref="Now"/>).
/// </summary>
public sealed class BatchWrites
{
    private readonly Dictionary<Guid, PersonRow> persons = [];
    private readonly Dictionary<(long Team, string DistinctId), PersonDistinctIdRow> distinctIds = [];
    private readonly Dictionary<(long Team, int Index, string Key), GroupRow> groups = [];

    public BatchWrites(TimeProvider time)
    {
        NowUtc = time.GetUtcNow();
        Now = ClickHouseTime.Format(NowUtc);
    }

    /// <summary>Rows for one part of <paramref name="batch"/> (a key, an event's attempt): same time, same Kafka position.</summary>
    public BatchWrites(BatchWrites batch)
    {
        Now = batch.Now;
        NowUtc = batch.NowUtc;
        Partition = batch.Partition;
        Offset = batch.Offset;
    }

    public int Partition { get; set; }
    public long Offset { get; set; }

    public List<EventRow> Events { get; } = [];
    public List<IngestionWarningRow> Warnings { get; } = [];
    public IEnumerable<PersonRow> Persons => persons.Values;
    public IEnumerable<PersonDistinctIdRow> DistinctIds => distinctIds.Values;
    public IEnumerable<GroupRow> Groups => groups.Values;

    /// <summary>Read once per batch: the clock is a system call on some virtual machines, and rows need no finer time.</summary>
    public DateTimeOffset NowUtc { get; }

    /// <summary><see cref="NowUtc"/> as DateTime text, for the rows written as JSON.</summary>
    public string Now { get; }

    public void Person(Person person, bool deleted = false)
    {
        var properties = person.PropertyColumns;
        // PostHog marks a deleted person with version + 100 so the delete outranks any late update.
        var version = deleted ? person.Version + 100 : person.Version;
        Keep(persons, person.Uuid, new PersonRow(person.Uuid, ClickHouseTime.Format(person.CreatedAt), person.TeamId, properties.Text,
            properties.Keys, properties.Values, person.IsIdentified ? 1 : 0, deleted ? 1 : 0, version, Now, Offset), row => row.Version);
    }

    public void DistinctId(long teamId, PersonDistinctId distinctId) =>
        Keep(distinctIds, (teamId, distinctId.DistinctId), new PersonDistinctIdRow(teamId, distinctId.DistinctId, distinctId.PersonUuid,
            distinctId.IsDeleted ? 1 : 0, distinctId.Version, Now, Offset, Partition), row => row.Version);

    public void Group(GroupRow row) => Keep(groups, (row.TeamId, row.GroupTypeIndex, row.GroupKey), row with { Timestamp = Now, Offset = Offset }, r => r.Version);

    public void Warning(IngestionWarning warning) => Warnings.Add(new IngestionWarningRow(
        warning.TeamId, warning.Source, warning.Type, warning.Details, ClickHouseTime.Format(warning.Timestamp), Now, Offset, Partition));

    /// <summary>Takes over what one event's successful attempt collected.</summary>
    public void Append(BatchWrites other)
    {
        foreach (var row in other.persons.Values) Keep(persons, row.Id, row, r => r.Version);
        foreach (var (key, row) in other.distinctIds) Keep(distinctIds, key, row, r => r.Version);
        foreach (var (key, row) in other.groups) Keep(groups, key, row, r => r.Version);
        Events.AddRange(other.Events);
        Warnings.AddRange(other.Warnings);
    }

    public bool IsEmpty => Events.Count == 0 && Warnings.Count == 0 && persons.Count == 0 && distinctIds.Count == 0 && groups.Count == 0;

    // Only the newest row per key needs to reach ClickHouse; older ones would be collapsed away anyway.
    private static void Keep<TKey, TRow>(Dictionary<TKey, TRow> rows, TKey key, TRow row, Func<TRow, long> version) where TKey : notnull
    {
        if (!rows.TryGetValue(key, out var existing) || version(existing) <= version(row))
        {
            rows[key] = row;
        }
    }
}
