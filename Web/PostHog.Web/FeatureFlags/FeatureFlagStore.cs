using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using PostHog.Web.Api;
using PostHog.Web.Auth;

namespace PostHog.Web.FeatureFlags;

/// <summary>Feature flag rows in Postgres (through PgBouncer), always filtered by team.</summary>
public sealed class FeatureFlagStore(NpgsqlDataSource dataSource)
{
    private static readonly string Select = $"""
        SELECT f.id, f.team_id, f.key, f.name, f.filters::text, f.rollout_percentage, f.created_at, f.updated_at, f.deleted,
               f.active, f.ensure_experience_continuity, f.is_remote_configuration, f.has_encrypted_payloads, f.evaluation_runtime,
               f.tags, f.version, {UserBasic.Columns("cu")}, {UserBasic.Columns("mu")}
        FROM posthog_featureflag f
        LEFT JOIN posthog_user cu ON cu.id = f.created_by_id
        LEFT JOIN posthog_user mu ON mu.id = f.last_modified_by_id
        """;

    public sealed record ListQuery(string? Search, bool? Active, string? Type, Page Page);

    public async Task<(long Count, List<FeatureFlagRow> Rows)> ListAsync(long teamId, ListQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string> { "f.team_id = $1", "NOT f.deleted" };
        var parameters = new List<NpgsqlParameter> { new() { Value = teamId } };
        if (!string.IsNullOrEmpty(query.Search))
        {
            parameters.Add(new NpgsqlParameter { Value = "%" + EscapeLike(query.Search) + "%" });
            where.Add($"(f.key ILIKE ${parameters.Count} OR f.name ILIKE ${parameters.Count})");
        }

        if (query.Active is { } active)
        {
            parameters.Add(new NpgsqlParameter { Value = active });
            where.Add($"f.active = ${parameters.Count}");
        }

        const string multivariate = "(f.filters->'multivariate' IS NOT NULL AND f.filters->'multivariate' <> 'null'::jsonb)";
        if (query.Type == "boolean") where.Add("NOT " + multivariate);
        if (query.Type is "multivariant" or "multivariate") where.Add(multivariate);
        if (query.Type == "experiment") where.Add("false");
        var filter = string.Join(" AND ", where);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM posthog_featureflag f WHERE {filter}", connection);
        foreach (var parameter in parameters) count.Parameters.Add(parameter.Clone());
        var total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;

        await using var list = new NpgsqlCommand($"{Select} WHERE {filter} ORDER BY f.created_at DESC, f.id DESC LIMIT {query.Page.Limit} OFFSET {query.Page.Offset}", connection);
        foreach (var parameter in parameters) list.Parameters.Add(parameter);
        return (total, await ReadAllAsync(list, cancellationToken));
    }

    public async Task<FeatureFlagRow?> GetAsync(long teamId, int id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{Select} WHERE f.team_id = $1 AND f.id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Whether another live (not deleted) flag of the team has this key.</summary>
    public async Task<bool> KeyTakenAsync(long teamId, string key, int? exceptId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM posthog_featureflag WHERE team_id = $1 AND key = $2 AND NOT deleted AND id <> $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = exceptId ?? 0 });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The team's live flags (id, key, active, filters), for dependency checks.</summary>
    public async Task<List<(int Id, string Key, bool Active, JsonObject Filters)>> LiveFlagsAsync(long teamId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, key, active, filters::text FROM posthog_featureflag WHERE team_id = $1 AND NOT deleted");
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        var flags = new List<(int, string, bool, JsonObject)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            flags.Add((reader.GetInt32(0), reader.GetString(1), reader.GetBoolean(2), JsonNode.Parse(reader.GetString(3)) as JsonObject ?? []));
        }

        return flags;
    }

    /// <summary>Inserts a flag (version 1); a soft-deleted flag holding the key is removed first, as PostHog does.</summary>
    public async Task<int> CreateAsync(long teamId, long userId, FeatureFlagChanges changes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RemoveDeletedHoldingKeyAsync(connection, transaction, teamId, changes.Key!, cancellationToken);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO posthog_featureflag (team_id, key, name, filters, created_by_id, last_modified_by_id, deleted, active,
                ensure_experience_continuity, is_remote_configuration, evaluation_runtime, tags, version)
            VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, 1)
            RETURNING id
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = teamId });
        insert.Parameters.Add(new NpgsqlParameter { Value = changes.Key! });
        insert.Parameters.Add(new NpgsqlParameter { Value = changes.Name ?? "" });
        insert.Parameters.Add(Jsonb(changes.Filters ?? []));
        insert.Parameters.Add(new NpgsqlParameter { Value = userId });
        insert.Parameters.Add(new NpgsqlParameter { Value = changes.Deleted ?? false });
        insert.Parameters.Add(new NpgsqlParameter { Value = changes.Active ?? true });
        insert.Parameters.Add(new NpgsqlParameter { Value = changes.EnsureExperienceContinuity ?? false });
        insert.Parameters.Add(new NpgsqlParameter { Value = changes.IsRemoteConfiguration ?? false });
        insert.Parameters.Add(new NpgsqlParameter { Value = changes.EvaluationRuntime ?? "all" });
        insert.Parameters.Add(new NpgsqlParameter { Value = (changes.Tags ?? []).ToArray() });
        var id = await UniqueKeyAsync(() => insert.ExecuteScalarAsync(cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (int)id!;
    }

    /// <summary>
    /// Applies the changes under a row lock and bumps the version. A stale <c>version</c> sent with an
    /// <c>original_flag</c> whose fields someone else changed is a 409, as in PostHog.
    /// </summary>
    public async Task UpdateAsync(long teamId, int id, long userId, FeatureFlagChanges changes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockRow = new NpgsqlCommand($"{Select} WHERE f.team_id = $1 AND f.id = $2 FOR UPDATE OF f", connection, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = teamId });
            lockRow.Parameters.Add(new NpgsqlParameter { Value = id });
            var current = (await ReadAllAsync(lockRow, cancellationToken)).FirstOrDefault() ?? throw ApiError.NotFound();
            if (changes.Version is { } version && version != current.Version && changes.ConflictsWith(current).Count > 0)
            {
                throw ApiError.Conflict($"The feature flag was updated by {current.LastModifiedBy?["email"]?.GetValue<string>() ?? "another user"} since you started editing it. Please refresh and try again.");
            }

            if (changes.Key is not null && changes.Key != current.Key)
            {
                await RemoveDeletedHoldingKeyAsync(connection, transaction, teamId, changes.Key, cancellationToken);
            }
        }

        var set = new List<string> { "version = version + 1", "updated_at = now()", "last_modified_by_id = $3" };
        await using var update = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        update.Parameters.Add(new NpgsqlParameter { Value = teamId });
        update.Parameters.Add(new NpgsqlParameter { Value = id });
        update.Parameters.Add(new NpgsqlParameter { Value = userId });
        void Set(string column, object? value, NpgsqlParameter? parameter = null)
        {
            if (value is null) return;
            update.Parameters.Add(parameter ?? new NpgsqlParameter { Value = value });
            set.Add($"{column} = ${update.Parameters.Count}");
        }

        Set("key", changes.Key);
        Set("name", changes.Name);
        Set("filters", changes.Filters, changes.Filters is null ? null : Jsonb(changes.Filters));
        Set("active", changes.Active);
        Set("deleted", changes.Deleted);
        Set("ensure_experience_continuity", changes.EnsureExperienceContinuity);
        Set("is_remote_configuration", changes.IsRemoteConfiguration);
        Set("evaluation_runtime", changes.EvaluationRuntime);
        Set("tags", changes.Tags?.ToArray());
        update.CommandText = $"UPDATE posthog_featureflag SET {string.Join(", ", set)} WHERE team_id = $1 AND id = $2";
        await UniqueKeyAsync(() => update.ExecuteNonQueryAsync(cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task RemoveDeletedHoldingKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long teamId, string key, CancellationToken cancellationToken)
    {
        await using var remove = new NpgsqlCommand("DELETE FROM posthog_featureflag WHERE team_id = $1 AND key = $2 AND deleted", connection, transaction);
        remove.Parameters.Add(new NpgsqlParameter { Value = teamId });
        remove.Parameters.Add(new NpgsqlParameter { Value = key });
        await remove.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Two writers racing for one key: the loser gets PostHog's 400, not a 500.</summary>
    private static async Task<T> UniqueKeyAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw ApiError.Validation("There is already a feature flag with this key.", "key", "unique");
        }
    }

    private static NpgsqlParameter Jsonb(JsonObject value) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = value.ToJsonString() };

    private static string EscapeLike(string value) => value.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private static async Task<List<FeatureFlagRow>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<FeatureFlagRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new FeatureFlagRow(
                Id: reader.GetInt32(0),
                TeamId: reader.GetInt64(1),
                Key: reader.GetString(2),
                Name: reader.GetString(3),
                Filters: JsonNode.Parse(reader.GetString(4)) as JsonObject ?? [],
                RolloutPercentage: reader.IsDBNull(5) ? null : reader.GetInt32(5),
                CreatedAt: reader.GetFieldValue<DateTimeOffset>(6),
                UpdatedAt: reader.GetFieldValue<DateTimeOffset>(7),
                Deleted: reader.GetBoolean(8),
                Active: reader.GetBoolean(9),
                EnsureExperienceContinuity: reader.GetBoolean(10),
                IsRemoteConfiguration: reader.GetBoolean(11),
                HasEncryptedPayloads: reader.GetBoolean(12),
                EvaluationRuntime: reader.GetString(13),
                Tags: reader.GetFieldValue<string[]>(14),
                Version: reader.GetInt32(15),
                CreatedBy: UserBasic.Read(reader, 16),
                LastModifiedBy: UserBasic.Read(reader, 22)));
        }

        return rows;
    }
}
