using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PostHog.Ingestion.Parsing;

namespace PostHog.Ingestion.Persons;

/// <summary>
/// The persons of one batch's distinct ids, read from Postgres in one query before the batch is processed and kept up
/// to date as its events change them, so a batch costs one read instead of one per event. A snapshot may still be stale
/// (another key of the batch, or another consumer, changed the person): writes are conditional on the version read, and
/// a conflict makes the event start again from a fresh read (<see cref="PersonRaceException"/>).
/// </summary>
public sealed class PersonSnapshots
{
    // Held as text: every reader gets its own JsonObject to change, and JsonNode trees are not safe to share across threads.
    private sealed record Snapshot(long Id, Guid Uuid, long TeamId, string Properties, string PropertiesLastUpdatedAt, DateTimeOffset CreatedAt,
        bool IsIdentified, long Version, Guid? LastEventUuid, long DistinctIdVersion);

    private readonly ConcurrentDictionary<(long Team, string DistinctId), Snapshot?> known = new();

    /// <summary>Records a batch read: the persons found, and that the other requested distinct ids have none.</summary>
    public void Load(long teamId, IEnumerable<string> requested, IReadOnlyDictionary<string, Person> found)
    {
        foreach (var distinctId in requested)
        {
            known[(teamId, distinctId)] = found.TryGetValue(distinctId, out var person) ? From(person, person.DistinctIdVersion) : null;
        }
    }

    /// <summary>True when the batch knows the distinct id; <paramref name="person"/> is then a private copy, or null for none.</summary>
    public bool TryGet(long teamId, string distinctId, out Person? person)
    {
        person = null;
        if (!known.TryGetValue((teamId, distinctId), out var snapshot))
        {
            return false;
        }

        if (snapshot is not null)
        {
            person = new Person
            {
                Id = snapshot.Id, Uuid = snapshot.Uuid, TeamId = snapshot.TeamId,
                Properties = JsonNode.Parse(snapshot.Properties) as JsonObject ?? [],
                PropertiesLastUpdatedAt = JsonNode.Parse(snapshot.PropertiesLastUpdatedAt) as JsonObject ?? [],
                CreatedAt = snapshot.CreatedAt, IsIdentified = snapshot.IsIdentified, Version = snapshot.Version,
                LastEventUuid = snapshot.LastEventUuid, DistinctIdVersion = snapshot.DistinctIdVersion,
            };
        }

        return true;
    }

    /// <summary>After a write: the distinct id now belongs to this state of the person.</summary>
    public void Remember(long teamId, string distinctId, Person person, long distinctIdVersion) =>
        known[(teamId, distinctId)] = From(person, distinctIdVersion);

    /// <summary>Drops what the batch believes about a distinct id, so the next read goes to Postgres.</summary>
    public void Forget(long teamId, string distinctId) => known.TryRemove((teamId, distinctId), out _);

    private static Snapshot From(Person person, long distinctIdVersion) => new(person.Id, person.Uuid, person.TeamId,
        IngestionJson.Text(person.Properties), IngestionJson.Text(person.PropertiesLastUpdatedAt), person.CreatedAt, person.IsIdentified,
        person.Version, person.LastEventUuid, distinctIdVersion);
}
