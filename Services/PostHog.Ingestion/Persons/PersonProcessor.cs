using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.Ingestion.Parsing;
using PostHog.Ingestion.Projects;
using PostHog.Ingestion.Telemetry;
using PostHog.Ingestion.Writing;

namespace PostHog.Ingestion.Persons;

/// <summary>
/// PostHog's person processing (plugin-server person-state.ts), Postgres first: <c>$identify</c>, <c>$create_alias</c>
/// and <c>$merge_dangerously</c> link or merge persons; <c>$set</c>/<c>$set_once</c>/<c>$unset</c> update properties;
/// personless events get a derived id. Person and distinct id rows for ClickHouse go to the batch's writes.
/// </summary>
public sealed class PersonProcessor(PersonStore store)
{
    public const string Identify = "$identify";
    public const string CreateAlias = "$create_alias";
    public const string MergeDangerously = "$merge_dangerously";

    /// <summary>PostHog's created_at for personless events' fake persons.</summary>
    public static readonly DateTimeOffset PersonlessCreatedAt = new(1970, 1, 1, 0, 0, 5, TimeSpan.Zero);

    private const int Attempts = 5;

    /// <summary>The distinct ids whose persons processing the event reads: prefetch them for the batch.</summary>
    public static IEnumerable<string> DistinctIdsRead(IncomingEvent evt)
    {
        yield return evt.DistinctId;
        if (MergeSource(evt) is { } other && other != evt.DistinctId)
        {
            yield return other;
        }
    }

    public async Task<PersonOutcome> ProcessAsync(Project project, IncomingEvent evt, PersonSnapshots snapshots, BatchWrites writes, CancellationToken cancellationToken)
    {
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("person processing");
        if (!ProcessesPersons(project, evt, writes))
        {
            activity?.SetTag("posthog.person_mode", "personless");
            var existing = await FindAsync(project.TeamId, evt.DistinctId, snapshots, cancellationToken);
            return existing is null
                ? new PersonOutcome(PersonUuid.FromDistinctId(project.TeamId, evt.DistinctId), PropertyColumns.Empty, PersonlessCreatedAt, PersonMode.Propertyless)
                : new PersonOutcome(existing.Uuid, existing.PropertyColumns, existing.CreatedAt, PersonMode.ForceUpgrade);
        }

        PersonInitialProperties.AddTo(evt.Properties);
        for (var attempt = 1; ; attempt++)
        {
            // Each attempt collects its own rows, so a retried attempt leaves nothing half-done in the batch.
            var attemptWrites = new BatchWrites(writes);
            try
            {
                var person = await ResolveAsync(project, evt, snapshots, attemptWrites, cancellationToken);
                Remember(project, evt, person, snapshots, attemptWrites);
                writes.Append(attemptWrites);
                activity?.SetTag("posthog.person_id", person.Uuid.ToString());
                return new PersonOutcome(person.Uuid, person.PropertyColumns, person.CreatedAt, PersonMode.Full);
            }
            catch (PersonRaceException) when (attempt < Attempts)
            {
                // What the batch believed is stale: the next attempt reads Postgres.
                foreach (var distinctId in DistinctIdsRead(evt))
                {
                    snapshots.Forget(project.TeamId, distinctId);
                }

                activity?.AddEvent(new System.Diagnostics.ActivityEvent("person race, retrying"));
            }
        }
    }

    /// <summary>Keeps the batch's snapshots in step with what this event wrote, so the next events need no read.</summary>
    private static void Remember(Project project, IncomingEvent evt, Person person, PersonSnapshots snapshots, BatchWrites attemptWrites)
    {
        var remembered = false;
        foreach (var row in attemptWrites.DistinctIds)
        {
            if (row.PersonId == person.Uuid && row.IsDeleted == 0)
            {
                snapshots.Remember(project.TeamId, row.DistinctId, person, row.Version);
                remembered |= row.DistinctId == evt.DistinctId;
            }
        }

        if (!remembered && attemptWrites.Persons.Any(row => row.Id == person.Uuid))
        {
            snapshots.Remember(project.TeamId, evt.DistinctId, person, person.DistinctIdVersion);
        }
    }

    private async Task<Person?> FindAsync(long teamId, string distinctId, PersonSnapshots snapshots, CancellationToken cancellationToken) =>
        snapshots.TryGet(teamId, distinctId, out var known) ? known : await store.FetchByDistinctIdAsync(teamId, distinctId, cancellationToken);

    /// <summary>Header first, then <c>$process_person_profile</c> (only <c>false</c> turns persons off), then the project's opt-out.</summary>
    private static bool ProcessesPersons(Project project, IncomingEvent evt, BatchWrites writes)
    {
        if (evt.ForceDisablePersonProcessing)
        {
            return false;
        }

        if (evt.Properties.TryGetPropertyValue("$process_person_profile", out var flag) && flag is not null)
        {
            switch (flag.GetValueKind())
            {
                case JsonValueKind.False: return false;
                case JsonValueKind.True: break;
                default:
                    writes.Warning(Warning(project, evt, "invalid_process_person_profile", new JsonObject { ["$process_person_profile"] = flag.DeepClone() }));
                    break;
            }
        }

        return !project.PersonProcessingOptOut;
    }

    private async Task<Person> ResolveAsync(Project project, IncomingEvent evt, PersonSnapshots snapshots, BatchWrites writes, CancellationToken cancellationToken)
    {
        var update = PropertyUpdate.FromEventProperties(evt.Properties);
        if (MergeSource(evt) is { } other && other != evt.DistinctId)
        {
            if (IllegalDistinctIds.IsIllegal(other) || IllegalDistinctIds.IsIllegal(evt.DistinctId))
            {
                writes.Warning(Warning(project, evt, "cannot_merge_with_illegal_distinct_id", new JsonObject
                {
                    ["sourcePersonDistinctId"] = other,
                    ["targetPersonDistinctId"] = evt.DistinctId,
                }));
            }
            else
            {
                return await LinkAsync(project, evt, other, update, snapshots, writes, cancellationToken);
            }
        }

        var person = await FindAsync(project.TeamId, evt.DistinctId, snapshots, cancellationToken);
        if (person is null)
        {
            return await CreateAsync(project, evt, update, isIdentified: false, [evt.DistinctId], writes, cancellationToken);
        }

        await SaveIfChangedAsync(person, update, identify: false, evt, writes, cancellationToken);
        if (CreatedBy(person, evt))
        {
            // A replay of the event that created this person: the crash may have come before ClickHouse heard of it.
            writes.Person(person);
            writes.DistinctId(project.TeamId, new PersonDistinctId(evt.DistinctId, person.Uuid, person.DistinctIdVersion));
        }

        return person;
    }

    private static bool CreatedBy(Person person, IncomingEvent evt) =>
        Guid.TryParse(person.StringProperty("$creator_event_uuid"), out var creator) && creator == evt.Uuid;

    /// <summary>merge(other → event distinct id): create, attach, or merge two persons, per PostHog's rules.</summary>
    private async Task<Person> LinkAsync(Project project, IncomingEvent evt, string otherId, PropertyUpdate update, PersonSnapshots snapshots, BatchWrites writes,
        CancellationToken cancellationToken)
    {
        var into = await FindAsync(project.TeamId, evt.DistinctId, snapshots, cancellationToken);
        var other = await FindAsync(project.TeamId, otherId, snapshots, cancellationToken);

        switch (into, other)
        {
            case (null, null):
                return await CreateAsync(project, evt, update, isIdentified: true, [evt.DistinctId, otherId], writes, cancellationToken);

            case (null, { } existing):
                writes.DistinctId(project.TeamId, await store.AddDistinctIdAsync(existing, evt.DistinctId, cancellationToken));
                await SaveIfChangedAsync(existing, update, identify: true, evt, writes, cancellationToken);
                return existing;

            case ({ } existing, null):
                writes.DistinctId(project.TeamId, await store.AddDistinctIdAsync(existing, otherId, cancellationToken));
                await SaveIfChangedAsync(existing, update, identify: true, evt, writes, cancellationToken);
                return existing;

            case ({ } target, { } source) when target.Id == source.Id:
                // Already linked (often a replay): re-deliver both mappings, ClickHouse collapses equal versions.
                writes.DistinctId(project.TeamId, new PersonDistinctId(evt.DistinctId, target.Uuid, target.DistinctIdVersion));
                writes.DistinctId(project.TeamId, new PersonDistinctId(otherId, source.Uuid, source.DistinctIdVersion));
                await ResendMergeAsync(project, evt, target, writes, cancellationToken);
                await SaveIfChangedAsync(target, update, identify: true, evt, writes, cancellationToken);
                return target;

            case ({ } target, { } source) when evt.Event == MergeDangerously || !source.IsIdentified:
                return await MergeAsync(project, evt, source, target, update, writes, cancellationToken);

            case ({ } target, { } source):
                writes.Warning(Warning(project, evt, "cannot_merge_already_identified", new JsonObject
                {
                    ["sourcePersonDistinctId"] = otherId,
                    ["targetPersonDistinctId"] = evt.DistinctId,
                    ["sourcePersonId"] = source.Uuid.ToString(),
                    ["targetPersonId"] = target.Uuid.ToString(),
                }));
                await SaveIfChangedAsync(target, update, identify: true, evt, writes, cancellationToken);
                return target;
        }
    }

    /// <summary>
    /// When the event is a merge replayed after a crash between the Postgres and ClickHouse writes: the delete row of the
    /// person it merged away, and the target's distinct ids (the moved ones among them), which ClickHouse may never have had.
    /// </summary>
    private async Task ResendMergeAsync(Project project, IncomingEvent evt, Person target, BatchWrites writes, CancellationToken cancellationToken)
    {
        var (deleted, distinctIds) = await store.FetchMergedAwayAsync(target, evt.Uuid, cancellationToken);
        foreach (var person in deleted)
        {
            writes.Person(person, deleted: true);
        }

        foreach (var distinctId in distinctIds)
        {
            writes.DistinctId(project.TeamId, distinctId);
        }
    }

    /// <summary>The target (the event's distinct id) wins property conflicts, then the event's own updates apply.</summary>
    private async Task<Person> MergeAsync(Project project, IncomingEvent evt, Person source, Person target, PropertyUpdate update, BatchWrites writes, CancellationToken cancellationToken)
    {
        var merged = (JsonObject)source.Properties.DeepClone();
        foreach (var (key, value) in target.Properties)
        {
            merged[key] = value?.DeepClone();
        }

        var lastUpdated = (JsonObject)source.PropertiesLastUpdatedAt.DeepClone();
        foreach (var (key, value) in target.PropertiesLastUpdatedAt)
        {
            lastUpdated[key] = value?.DeepClone();
        }

        target.Properties = merged;
        target.PropertiesLastUpdatedAt = lastUpdated;
        Stamp(target.PropertiesLastUpdatedAt, update.ApplyTo(target.Properties), evt);
        target.CreatedAt = source.CreatedAt < target.CreatedAt ? source.CreatedAt : target.CreatedAt;
        target.IsIdentified = true;

        var moved = await store.MergeAsync(source, target, evt.Uuid, cancellationToken);
        writes.Person(target);
        writes.Person(source, deleted: true);
        foreach (var distinctId in moved)
        {
            writes.DistinctId(project.TeamId, distinctId);
        }

        return target;
    }

    private async Task<Person> CreateAsync(Project project, IncomingEvent evt, PropertyUpdate update, bool isIdentified, IReadOnlyList<string> distinctIds,
        BatchWrites writes, CancellationToken cancellationToken)
    {
        var properties = new JsonObject();
        var lastUpdated = new JsonObject();
        Stamp(lastUpdated, update.ApplyTo(properties), evt);
        properties["$creator_event_uuid"] = evt.Uuid.ToString();
        var person = await store.CreateAsync(project.TeamId, PersonUuid.FromDistinctId(project.TeamId, distinctIds[0]), properties, lastUpdated,
            evt.Timestamp, isIdentified, distinctIds, evt.Uuid, cancellationToken);
        writes.Person(person);
        foreach (var distinctId in distinctIds)
        {
            writes.DistinctId(project.TeamId, new PersonDistinctId(distinctId, person.Uuid, 0));
        }

        return person;
    }

    /// <summary>
    /// Saves the person in Postgres and sends its ClickHouse row when the event changed it; most events change nothing
    /// (posthog-js repeats the same <c>$set</c> on every event) and cost no write. A replay after a crash between the
    /// Postgres and ClickHouse writes finds nothing to change, but the person's last-changing event is this one, so the
    /// row it may owe ClickHouse goes out again.
    /// </summary>
    private async Task SaveIfChangedAsync(Person person, PropertyUpdate update, bool identify, IncomingEvent evt, BatchWrites writes, CancellationToken cancellationToken)
    {
        if (person.Unparsed is { } unparsed && !(identify && !person.IsIdentified) && !update.Changes(unparsed.Lookup))
        {
            // The common case, decided without parsing the person (see Person).
            if (person.LastEventUuid == evt.Uuid)
            {
                writes.Person(person);
            }

            return;
        }

        var changed = update.ApplyTo(person.Properties);
        var identifiedNow = identify && !person.IsIdentified;
        if (changed.Count > 0 || identifiedNow)
        {
            Stamp(person.PropertiesLastUpdatedAt, changed, evt);
            person.IsIdentified |= identify;
            await store.UpdateAsync(person, evt.Uuid, cancellationToken);
            writes.Person(person);
        }
        else if (person.LastEventUuid == evt.Uuid)
        {
            writes.Person(person);
        }
    }

    private static void Stamp(JsonObject lastUpdatedAt, IReadOnlyList<string> changedKeys, IncomingEvent evt)
    {
        var at = evt.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        foreach (var key in changedKeys)
        {
            lastUpdatedAt[key] = at;
        }
    }

    /// <summary>The distinct id to merge into the event's: <c>$anon_distinct_id</c> of <c>$identify</c>, <c>alias</c> of the alias events.</summary>
    public static string? MergeSource(IncomingEvent evt)
    {
        var property = evt.Event switch
        {
            Identify => "$anon_distinct_id",
            CreateAlias or MergeDangerously => "alias",
            _ => null,
        };
        if (property is null || !evt.Properties.TryGetPropertyValue(property, out var value) || value is null)
        {
            return null;
        }

        return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(IngestionJson.Options);
    }

    private static IngestionWarning Warning(Project project, IncomingEvent evt, string type, JsonObject details)
    {
        details["eventUuid"] = evt.Uuid.ToString();
        details["event"] = evt.Event;
        details["distinctId"] = evt.DistinctId;
        return new IngestionWarning(project.TeamId, type, IngestionJson.Text(details), evt.Timestamp);
    }
}
