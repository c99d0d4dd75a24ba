using System.Text.Json;
using Npgsql;

namespace PostHog.Decide.Persons;

/// <summary>
/// The stored side of an evaluation, in one batch: person properties (distinct id → person through
/// posthog_persondistinctid), static cohort memberships, experience-continuity hash key overrides (written first when
/// the request carries <c>$anon_distinct_id</c>), and group properties. PgBouncer-safe: unprepared statements only.
/// </summary>
public sealed class PersonStore(NpgsqlDataSource dataSource)
{
    private const string PersonSql = """
        SELECT p.properties::text, CASE WHEN $3 THEN ARRAY(SELECT cohort_id FROM posthog_cohortpeople c WHERE c.person_id = p.id) END
        FROM posthog_persondistinctid d JOIN posthog_person p ON p.id = d.person_id
        WHERE d.team_id = $1 AND d.distinct_id = $2 LIMIT 1
        """;

    // Both ids' persons get an override for every continuity flag they lack (ON CONFLICT keeps the first one).
    private const string WriteOverridesSql = """
        INSERT INTO posthog_featureflaghashkeyoverride (team_id, person_id, feature_flag_key, hash_key)
        SELECT DISTINCT $1::bigint, d.person_id, k, $3 FROM posthog_persondistinctid d CROSS JOIN unnest($4::text[]) AS k
        WHERE d.team_id = $1 AND d.distinct_id = ANY($2)
        ON CONFLICT (team_id, person_id, feature_flag_key) DO NOTHING
        """;

    // The request's own distinct id wins over $anon_distinct_id when both persons have an override.
    private const string ReadOverridesSql = """
        SELECT h.feature_flag_key, h.hash_key FROM posthog_persondistinctid d
        JOIN posthog_featureflaghashkeyoverride h ON h.person_id = d.person_id AND h.team_id = d.team_id
        WHERE d.team_id = $1 AND d.distinct_id = ANY($2)
        ORDER BY (d.distinct_id = $3) DESC
        """;

    private const string GroupsSql = """
        SELECT g.group_type_index, g.group_properties::text FROM posthog_group g
        JOIN unnest($2::int[], $3::text[]) AS wanted(type_index, group_key) ON g.group_type_index = wanted.type_index AND g.group_key = wanted.group_key
        WHERE g.team_id = $1
        """;

    public sealed record Query(
        long TeamId,
        string DistinctId,
        bool Person,
        bool Cohorts,
        string? AnonDistinctId,
        IReadOnlyList<string> ContinuityFlagKeys,
        IReadOnlyList<(int Index, string Name, string Key)> Groups);

    public async Task<StoredPerson> LoadAsync(Query query, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var ids = query.AnonDistinctId is { Length: > 0 } anon && anon != query.DistinctId ? new[] { query.DistinctId, anon } : [query.DistinctId];
        if (query.Person) batch.BatchCommands.Add(Command(PersonSql, query.TeamId, query.DistinctId, query.Cohorts));
        var overrides = query.ContinuityFlagKeys.Count > 0;
        if (overrides)
        {
            if (ids.Length > 1) batch.BatchCommands.Add(Command(WriteOverridesSql, query.TeamId, ids, ids[1], query.ContinuityFlagKeys.ToArray()));
            batch.BatchCommands.Add(Command(ReadOverridesSql, query.TeamId, ids, query.DistinctId));
        }
        if (query.Groups.Count > 0)
            batch.BatchCommands.Add(Command(GroupsSql, query.TeamId, query.Groups.Select(g => g.Index).ToArray(), query.Groups.Select(g => g.Key).ToArray()));
        if (batch.BatchCommands.Count == 0) return StoredPerson.Empty;

        Dictionary<string, JsonElement>? properties = null;
        HashSet<long>? cohorts = null;
        Dictionary<string, string>? hashKeys = null;
        Dictionary<string, Dictionary<string, JsonElement>>? groups = null;
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (query.Person)
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                properties = ParseObject(reader.GetString(0));
                if (!reader.IsDBNull(1)) cohorts = [.. reader.GetFieldValue<int[]>(1).Select(id => (long)id)];
            }
            await reader.NextResultAsync(cancellationToken);
        }
        if (overrides)
        {
            // The INSERT returns no rows; Npgsql's NextResult already skipped it.
            hashKeys = new Dictionary<string, string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken)) hashKeys.TryAdd(reader.GetString(0), reader.GetString(1));
            await reader.NextResultAsync(cancellationToken);
        }
        if (query.Groups.Count > 0)
        {
            groups = new Dictionary<string, Dictionary<string, JsonElement>>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                var index = reader.GetInt32(0);
                foreach (var group in query.Groups)
                    if (group.Index == index) groups[group.Name] = ParseObject(reader.GetString(1));
            }
        }
        return new StoredPerson { Properties = properties, Cohorts = cohorts, HashKeyOverrides = hashKeys, Groups = groups };
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    private static Dictionary<string, JsonElement> ParseObject(string json)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var root = JsonDocument.Parse(json).RootElement; // kept alive by the elements for the request's lifetime
        if (root.ValueKind != JsonValueKind.Object) return result;
        foreach (var property in root.EnumerateObject()) result[property.Name] = property.Value;
        return result;
    }
}
