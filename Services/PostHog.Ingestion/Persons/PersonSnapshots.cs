using System.Collections.Concurrent;

namespace PostHog.Ingestion.Persons;

/// <summary>
/// The persons of one batch's distinct ids, read from Postgres in one query before the batch is processed and kept up
/// to date as its events change them, so a batch costs one read instead of one per event. A snapshot may still be stale
/// (another key of the batch, or another consumer, changed the person): writes are conditional on the version read, and
/// a conflict makes the event start again from a fresh read (<see cref="PersonRaceException"/>).
/// </summary>
public sealed class PersonSnapshots
{
    private readonly ConcurrentDictionary<(long Team, string DistinctId), PersonRecord?> known = new();

    /// <summary>Records a batch read: the persons found, and that the other requested distinct ids have none.</summary>
    public void Load(long teamId, IEnumerable<string> requested, IReadOnlyDictionary<string, PersonRecord> found)
    {
        foreach (var distinctId in requested)
        {
            known[(teamId, distinctId)] = found.GetValueOrDefault(distinctId);
        }
    }

    /// <summary>True when the batch knows the distinct id; <paramref name="person"/> is then a private copy, or null for none.</summary>
    public bool TryGet(long teamId, string distinctId, out Person? person)
    {
        person = null;
        if (!known.TryGetValue((teamId, distinctId), out var record))
        {
            return false;
        }

        person = record?.ToPerson();
        return true;
    }

    /// <summary>After a write: the distinct id now belongs to this state of the person.</summary>
    public void Remember(long teamId, string distinctId, Person person, long distinctIdVersion) =>
        known[(teamId, distinctId)] = PersonRecord.From(person, distinctIdVersion);

    /// <summary>Drops what the batch believes about a distinct id, so the next read goes to Postgres.</summary>
    public void Forget(long teamId, string distinctId) => known.TryRemove((teamId, distinctId), out _);
}
