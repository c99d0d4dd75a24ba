using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using PostHog.Ingestion.Parsing;

namespace PostHog.Ingestion.Persons;

/// <summary>
/// <c>posthog_person</c> and <c>posthog_persondistinctid</c>: the source of truth for persons. Writes are conditional on
/// what was read: another writer having created the same distinct id, changed the person (its version moved) or merged it
/// away surfaces as <see cref="PersonRaceException"/>, and the event is processed again from a fresh read.
/// </summary>
public sealed class PersonStore(NpgsqlDataSource dataSource)
{
    private const string PersonColumns =
        "p.id, p.uuid, p.team_id, p.properties::text, p.properties_last_updated_at::text, p.created_at, p.is_identified, p.version, d.version, p.last_event_uuid";

    public async Task<Person?> FetchByDistinctIdAsync(long teamId, string distinctId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {PersonColumns} FROM posthog_person p JOIN posthog_persondistinctid d ON d.person_id = p.id WHERE d.team_id = $1 AND d.distinct_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = distinctId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader).ToPerson() : null;
    }

    /// <summary>The persons of many distinct ids in one round trip, keyed by distinct id (ids without a person are absent).</summary>
    public async Task<Dictionary<string, PersonRecord>> FetchByDistinctIdsAsync(long teamId, IReadOnlyCollection<string> distinctIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, PersonRecord>(StringComparer.Ordinal);
        if (distinctIds.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand(
            $"SELECT {PersonColumns}, d.distinct_id FROM posthog_person p JOIN posthog_persondistinctid d ON d.person_id = p.id WHERE d.team_id = $1 AND d.distinct_id = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = distinctIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(10)] = Read(reader);
        }

        return found;
    }

    /// <summary>Creates a person owning the given distinct ids (each at version 0), in one statement.</summary>
    public async Task<Person> CreateAsync(long teamId, Guid uuid, JsonObject properties, JsonObject lastUpdatedAt, DateTimeOffset createdAt, bool isIdentified,
        IReadOnlyList<string> distinctIds, Guid createdBy, CancellationToken cancellationToken)
    {
        // One statement is one round trip and atomic: a distinct id taken meanwhile rolls the person back too.
        await using var insert = dataSource.CreateCommand("""
            WITH person AS (
                INSERT INTO posthog_person (uuid, team_id, created_at, properties, properties_last_updated_at, is_identified, version, last_event_uuid)
                VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id)
            INSERT INTO posthog_persondistinctid (team_id, person_id, distinct_id, version)
            SELECT $2, person.id, ids.distinct_id, 0 FROM person, unnest($8::text[]) AS ids(distinct_id)
            RETURNING person_id
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = uuid });
        insert.Parameters.Add(new NpgsqlParameter { Value = teamId });
        insert.Parameters.Add(new NpgsqlParameter { Value = createdAt.UtcDateTime });
        insert.Parameters.Add(Jsonb(properties));
        insert.Parameters.Add(Jsonb(lastUpdatedAt));
        insert.Parameters.Add(new NpgsqlParameter { Value = isIdentified });
        insert.Parameters.Add(new NpgsqlParameter { Value = createdBy });
        insert.Parameters.Add(new NpgsqlParameter { Value = distinctIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var id = (long)(await Race(() => insert.ExecuteScalarAsync(cancellationToken)))!;
        return new Person
        {
            Id = id, Uuid = uuid, TeamId = teamId, Properties = properties, PropertiesLastUpdatedAt = lastUpdatedAt,
            CreatedAt = createdAt, IsIdentified = isIdentified, Version = 0, LastEventUuid = createdBy,
        };
    }

    /// <summary>Writes the person's properties, created_at and is_identified, bumping its version, if nobody wrote it since it was read.</summary>
    public async Task UpdateAsync(Person person, Guid changedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await UpdateAsync(connection, null, person, changedBy, cancellationToken);
    }

    public async Task<PersonDistinctId> AddDistinctIdAsync(Person person, string distinctId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await InsertDistinctIdAsync(connection, null, person.TeamId, person.Id, distinctId, cancellationToken);
        return new PersonDistinctId(distinctId, person.Uuid, 0);
    }

    /// <summary>
    /// Moves every distinct id of <paramref name="source"/> to <paramref name="target"/> (each one version up), saves the
    /// target, and deletes the source, in one transaction, provided neither changed since it was read. Returns the moved
    /// distinct ids. The deleted person is recorded in <c>ingestion_person_merge</c> under <paramref name="mergedBy"/>, so a
    /// replay of the event can still send its ClickHouse delete row (<see cref="FetchMergedAwayAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<PersonDistinctId>> MergeAsync(Person source, Person target, Guid mergedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await UpdateAsync(connection, transaction, target, mergedBy, cancellationToken);

        var moved = new List<PersonDistinctId>();
        await using (var move = new NpgsqlCommand(
            "UPDATE posthog_persondistinctid SET person_id = $1, version = coalesce(version, 0) + 1 WHERE person_id = $2 RETURNING distinct_id, version",
            connection, transaction))
        {
            move.Parameters.Add(new NpgsqlParameter { Value = target.Id });
            move.Parameters.Add(new NpgsqlParameter { Value = source.Id });
            await using var reader = await move.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                moved.Add(new PersonDistinctId(reader.GetString(0), target.Uuid, reader.GetInt64(1)));
            }
        }

        await using (var delete = new NpgsqlCommand("""
            WITH deleted AS (DELETE FROM posthog_person WHERE id = $1 AND version = $2 RETURNING *)
            INSERT INTO ingestion_person_merge (merge_event_uuid, team_id, target_person_id, deleted_person_id, deleted_person_uuid, created_at, properties, is_identified, version)
            SELECT $3, team_id, $4, id, uuid, created_at, properties, is_identified, version FROM deleted
            """, connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = source.Id });
            delete.Parameters.Add(new NpgsqlParameter { Value = source.Version });
            delete.Parameters.Add(new NpgsqlParameter { Value = mergedBy });
            delete.Parameters.Add(new NpgsqlParameter { Value = target.Id });
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new PersonRaceException($"person {source.Uuid} changed or went away before the merge");
            }
        }

        await Race(async () => { await transaction.CommitAsync(cancellationToken); return 0; });
        return moved;
    }

    /// <summary>
    /// For a replayed merge: the persons <paramref name="mergedBy"/> merged into <paramref name="target"/> and deleted (as
    /// they were when deleted), and every distinct id the target holds now; no persons when the event merged nothing.
    /// </summary>
    public async Task<(IReadOnlyList<Person> Deleted, IReadOnlyList<PersonDistinctId> DistinctIds)> FetchMergedAwayAsync(Person target, Guid mergedBy,
        CancellationToken cancellationToken)
    {
        var deleted = new List<Person>();
        var distinctIds = new List<PersonDistinctId>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var merges = new NpgsqlCommand("""
            SELECT deleted_person_id, deleted_person_uuid, team_id, properties::text, '{}', created_at, is_identified, version, 0::bigint, NULL::uuid
            FROM ingestion_person_merge WHERE merge_event_uuid = $1 AND target_person_id = $2
            """, connection))
        {
            merges.Parameters.Add(new NpgsqlParameter { Value = mergedBy });
            merges.Parameters.Add(new NpgsqlParameter { Value = target.Id });
            await using var reader = await merges.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                deleted.Add(Read(reader).ToPerson());
            }
        }

        if (deleted.Count == 0)
        {
            return (deleted, distinctIds);
        }

        await using (var ids = new NpgsqlCommand("SELECT distinct_id, version FROM posthog_persondistinctid WHERE person_id = $1", connection))
        {
            ids.Parameters.Add(new NpgsqlParameter { Value = target.Id });
            await using var reader = await ids.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                distinctIds.Add(new PersonDistinctId(reader.GetString(0), target.Uuid, reader.GetInt64(1)));
            }
        }

        return (deleted, distinctIds);
    }

    private static async Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Person person, Guid changedBy, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand("""
            UPDATE posthog_person SET properties = $1, properties_last_updated_at = $2, created_at = $3, is_identified = $4,
                version = coalesce(version, 0) + 1, last_event_uuid = $6
            WHERE id = $5 AND coalesce(version, 0) = $7 RETURNING version
            """, connection, transaction);
        update.Parameters.Add(Jsonb(person.Properties));
        update.Parameters.Add(Jsonb(person.PropertiesLastUpdatedAt));
        update.Parameters.Add(new NpgsqlParameter { Value = person.CreatedAt.UtcDateTime });
        update.Parameters.Add(new NpgsqlParameter { Value = person.IsIdentified });
        update.Parameters.Add(new NpgsqlParameter { Value = person.Id });
        update.Parameters.Add(new NpgsqlParameter { Value = changedBy });
        update.Parameters.Add(new NpgsqlParameter { Value = person.Version });
        // No row: the person was changed or merged away since we read it, so our read is stale: start the event again.
        person.Version = (long?)await update.ExecuteScalarAsync(cancellationToken)
            ?? throw new PersonRaceException($"person {person.Uuid} changed or went away since it was read");
        person.LastEventUuid = changedBy;
    }

    private static async Task InsertDistinctIdAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long teamId, long personId, string distinctId, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO posthog_persondistinctid (team_id, person_id, distinct_id, version) VALUES ($1, $2, $3, 0)", connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = teamId });
        insert.Parameters.Add(new NpgsqlParameter { Value = personId });
        insert.Parameters.Add(new NpgsqlParameter { Value = distinctId });
        await Race(() => insert.ExecuteNonQueryAsync(cancellationToken));
    }

    private static async Task<T> Race<T>(Func<Task<T>> statement)
    {
        try
        {
            return await statement();
        }
        // A distinct id taken, or a person merged away, by another writer since our read.
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new PersonRaceException(exception.MessageText, exception);
        }
    }

    private static PersonRecord Read(NpgsqlDataReader reader) => new(reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetString(3),
        reader.GetString(4), new DateTimeOffset(reader.GetDateTime(5), TimeSpan.Zero), reader.GetBoolean(6), reader.GetInt64(7),
        reader.IsDBNull(9) ? null : reader.GetGuid(9), reader.GetInt64(8));

    internal static NpgsqlParameter Jsonb(JsonObject value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonbText.From(value) };
}
