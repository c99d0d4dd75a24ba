using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using PostHog.Web.Api;
using PostHog.Web.Auth;

namespace PostHog.Web.Cohorts;

/// <summary>Cohort rows and static memberships (<c>posthog_cohortpeople</c>) in Postgres, always filtered by team.</summary>
public sealed class CohortStore(NpgsqlDataSource dataSource)
{
    private static readonly string Select = $"""
        SELECT c.id, c.team_id, c.name, c.description, c.filters::text, c.query::text, c.groups::text, c.deleted, c.is_static,
               c.is_calculating, c.last_calculation, c.errors_calculating, c.count, c.version, c.pending_version, c.created_at,
               {UserBasic.Columns("u")}
        FROM posthog_cohort c LEFT JOIN posthog_user u ON u.id = c.created_by_id
        """;

    public async Task<(long Count, List<CohortRow> Rows)> ListAsync(long teamId, string? search, Page page, CancellationToken cancellationToken)
    {
        var filter = "c.team_id = $1 AND NOT c.deleted" + (string.IsNullOrEmpty(search) ? "" : @" AND c.name ILIKE $2");
        NpgsqlParameter[] Parameters() => string.IsNullOrEmpty(search)
            ? [new() { Value = teamId }]
            : [new() { Value = teamId }, new() { Value = "%" + search.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%" }];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM posthog_cohort c WHERE {filter}", connection);
        count.Parameters.AddRange(Parameters());
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await using var list = new NpgsqlCommand($"{Select} WHERE {filter} ORDER BY c.created_at DESC, c.id DESC LIMIT {page.Limit} OFFSET {page.Offset}", connection);
        list.Parameters.AddRange(Parameters());
        return (total, await ReadAllAsync(list, cancellationToken));
    }

    public async Task<CohortRow?> GetAsync(long teamId, int id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE c.team_id = $1 AND c.id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The ids among <paramref name="ids"/> that are not cohorts of the team.</summary>
    public async Task<List<long>> MissingAsync(long teamId, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return [];
        await using var command = dataSource.CreateCommand("SELECT id FROM posthog_cohort WHERE team_id = $1 AND id = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = ids.Where(i => i is > 0 and <= int.MaxValue).Select(i => (int)i).ToArray() });
        var found = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetInt32(0));
        return [.. ids.Where(i => !found.Contains(i)).Distinct()];
    }

    public async Task<int> CreateAsync(long teamId, long userId, CohortChanges changes, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO posthog_cohort (team_id, name, description, filters, query, groups, deleted, is_static, is_calculating, count, created_by_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, CASE WHEN $8 THEN 0 END, $9)
            RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)changes.Name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = changes.Description ?? "" });
        command.Parameters.Add(Jsonb(changes.Filters));
        command.Parameters.Add(Jsonb(changes.Query));
        command.Parameters.Add(Jsonb(changes.Groups ?? new JsonArray()));
        command.Parameters.Add(new NpgsqlParameter { Value = changes.Deleted ?? false });
        command.Parameters.Add(new NpgsqlParameter { Value = changes.IsStatic ?? false });
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task UpdateAsync(long teamId, int id, CohortChanges changes, CancellationToken cancellationToken)
    {
        var set = new List<string> { "updated_at = now()" };
        await using var command = dataSource.CreateCommand();
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        void Set(string column, NpgsqlParameter parameter)
        {
            command.Parameters.Add(parameter);
            set.Add($"{column} = ${command.Parameters.Count}");
        }

        if (changes.NameSent) Set("name", new NpgsqlParameter { Value = (object?)changes.Name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        if (changes.Description is not null) Set("description", new NpgsqlParameter { Value = changes.Description });
        if (changes.FiltersSent) Set("filters", Jsonb(changes.Filters));
        if (changes.QuerySent) Set("query", Jsonb(changes.Query));
        if (changes.Groups is not null) Set("groups", Jsonb(changes.Groups));
        if (changes.IsStatic is { } isStatic) Set("is_static", new NpgsqlParameter { Value = isStatic });
        if (changes.Deleted is { } deleted) Set("deleted", new NpgsqlParameter { Value = deleted });
        command.CommandText = $"UPDATE posthog_cohort SET {string.Join(", ", set)} WHERE team_id = $1 AND id = $2";
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0) throw ApiError.NotFound();
    }

    /// <summary>How static members are named: person UUIDs, distinct ids, emails, or "distinct id or email" (CSV without a header).</summary>
    public enum MemberKind { PersonUuid, DistinctId, Email, DistinctIdOrEmail }

    /// <summary>Adds the team's persons matching <paramref name="values"/> (unknown ones are skipped) and refreshes the count.</summary>
    public async Task<int> AddMembersAsync(long teamId, int cohortId, MemberKind kind, IReadOnlyCollection<string> values, CancellationToken cancellationToken)
    {
        var persons = kind switch
        {
            MemberKind.PersonUuid => "SELECT p.id FROM posthog_person p WHERE p.team_id = $2 AND p.uuid::text = ANY($3)",
            MemberKind.DistinctId => "SELECT d.person_id FROM posthog_persondistinctid d WHERE d.team_id = $2 AND d.distinct_id = ANY($3)",
            MemberKind.Email => "SELECT p.id FROM posthog_person p WHERE p.team_id = $2 AND p.properties->>'email' = ANY($3)",
            _ => """
                SELECT d.person_id FROM posthog_persondistinctid d WHERE d.team_id = $2 AND d.distinct_id = ANY($3)
                UNION SELECT p.id FROM posthog_person p WHERE p.team_id = $2 AND p.properties->>'email' = ANY($3)
                """,
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO posthog_cohortpeople (cohort_id, person_id)
            SELECT DISTINCT $1, person_id FROM ({persons}) AS matched(person_id)
            ON CONFLICT (cohort_id, person_id) DO NOTHING
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = cohortId });
        insert.Parameters.Add(new NpgsqlParameter { Value = teamId });
        insert.Parameters.Add(new NpgsqlParameter { Value = values.Select(v => kind == MemberKind.PersonUuid ? v.ToLowerInvariant() : v).ToArray() });
        var added = await insert.ExecuteNonQueryAsync(cancellationToken);
        await RefreshCountAsync(connection, transaction, cohortId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>Removes one person (by UUID); false when the person was not a member.</summary>
    public async Task<bool> RemoveMemberAsync(long teamId, int cohortId, Guid personUuid, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var remove = new NpgsqlCommand("""
            DELETE FROM posthog_cohortpeople cp USING posthog_person p
            WHERE cp.cohort_id = $1 AND cp.person_id = p.id AND p.team_id = $2 AND p.uuid = $3
            """, connection, transaction);
        remove.Parameters.Add(new NpgsqlParameter { Value = cohortId });
        remove.Parameters.Add(new NpgsqlParameter { Value = teamId });
        remove.Parameters.Add(new NpgsqlParameter { Value = personUuid });
        var removed = await remove.ExecuteNonQueryAsync(cancellationToken);
        await RefreshCountAsync(connection, transaction, cohortId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed > 0;
    }

    /// <summary>A page of the cohort's static members as PostHog's person JSON, and how many there are.</summary>
    public async Task<(long Count, JsonArray Persons)> MembersAsync(long teamId, int cohortId, Page page, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM posthog_cohortpeople WHERE cohort_id = $1", connection);
        count.Parameters.Add(new NpgsqlParameter { Value = cohortId });
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        await using var list = new NpgsqlCommand($"""
            SELECT p.id, p.uuid, p.properties::text, p.created_at, p.is_identified,
                   ARRAY(SELECT d.distinct_id FROM posthog_persondistinctid d WHERE d.person_id = p.id ORDER BY d.id)
            FROM posthog_cohortpeople cp JOIN posthog_person p ON p.id = cp.person_id AND p.team_id = $2
            WHERE cp.cohort_id = $1 ORDER BY cp.id LIMIT {page.Limit} OFFSET {page.Offset}
            """, connection);
        list.Parameters.Add(new NpgsqlParameter { Value = cohortId });
        list.Parameters.Add(new NpgsqlParameter { Value = teamId });
        var persons = new JsonArray();
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var properties = JsonNode.Parse(reader.GetString(2)) as JsonObject ?? [];
            var distinctIds = reader.GetFieldValue<string[]>(5);
            persons.Add(new JsonObject
            {
                ["id"] = reader.GetGuid(1).ToString(),
                ["uuid"] = reader.GetGuid(1).ToString(),
                ["type"] = "person",
                ["name"] = properties["email"]?.ToString() ?? distinctIds.FirstOrDefault() ?? reader.GetGuid(1).ToString(),
                ["distinct_ids"] = new JsonArray([.. distinctIds.Select(d => (JsonNode?)d)]),
                ["properties"] = properties,
                ["created_at"] = reader.GetFieldValue<DateTimeOffset>(3),
                ["is_identified"] = reader.GetBoolean(4),
            });
        }

        return (total, persons);
    }

    private static async Task RefreshCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int cohortId, CancellationToken cancellationToken)
    {
        await using var refresh = new NpgsqlCommand("""
            UPDATE posthog_cohort SET count = (SELECT count(*) FROM posthog_cohortpeople WHERE cohort_id = $1),
                last_calculation = now(), is_calculating = false, errors_calculating = 0, updated_at = now()
            WHERE id = $1
            """, connection, transaction);
        refresh.Parameters.Add(new NpgsqlParameter { Value = cohortId });
        await refresh.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Jsonb(JsonNode? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = value is null ? DBNull.Value : value.ToJsonString() };

    private static async Task<List<CohortRow>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<CohortRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            JsonNode? Json(int ordinal) => reader.IsDBNull(ordinal) ? null : JsonNode.Parse(reader.GetString(ordinal));
            rows.Add(new CohortRow(
                Id: reader.GetInt32(0),
                TeamId: reader.GetInt64(1),
                Name: reader.IsDBNull(2) ? null : reader.GetString(2),
                Description: reader.GetString(3),
                Filters: Json(4) as JsonObject,
                Query: Json(5),
                Groups: Json(6),
                Deleted: reader.GetBoolean(7),
                IsStatic: reader.GetBoolean(8),
                IsCalculating: reader.GetBoolean(9),
                LastCalculation: reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                ErrorsCalculating: reader.GetInt32(11),
                Count: reader.IsDBNull(12) ? null : reader.GetInt32(12),
                Version: reader.IsDBNull(13) ? null : reader.GetInt32(13),
                PendingVersion: reader.IsDBNull(14) ? null : reader.GetInt32(14),
                CreatedAt: reader.GetFieldValue<DateTimeOffset>(15),
                CreatedBy: UserBasic.Read(reader, 16)));
        }

        return rows;
    }
}
