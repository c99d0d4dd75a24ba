using System.Text;
using Npgsql;

namespace PostHog.Decide.Definitions;

/// <summary>Reads a team's definitions from Postgres in one round trip and returns the cache envelope JSON.</summary>
public sealed class DefinitionsLoader(NpgsqlDataSource dataSource, TimeProvider time)
{
    // Inactive flags are kept (SDKs must answer false for them); deleted ones and static cohorts are not served.
    private const string FlagsSql = """
        SELECT coalesce(json_agg(json_build_object(
            'id', id, 'team_id', team_id, 'name', name, 'key', key, 'filters', filters, 'deleted', deleted, 'active', active,
            'ensure_experience_continuity', ensure_experience_continuity, 'version', version,
            'evaluation_runtime', evaluation_runtime, 'has_encrypted_payloads', has_encrypted_payloads) ORDER BY id), '[]')::text
        FROM posthog_featureflag WHERE team_id = $1 AND NOT deleted
        """;

    private const string GroupTypesSql = """
        SELECT coalesce(json_object_agg(group_type_index::text, group_type), '{}')::text FROM posthog_grouptypemapping WHERE team_id = $1
        """;

    private const string CohortsSql = """
        SELECT coalesce(json_object_agg(id::text, filters->'properties'), '{}')::text FROM posthog_cohort
        WHERE team_id = $1 AND NOT deleted AND NOT is_static AND jsonb_typeof(filters->'properties') = 'object'
        """;

    public async Task<string> LoadAsync(long teamId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var sql in (ReadOnlySpan<string>)[FlagsSql, GroupTypesSql, CohortsSql])
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = teamId });
            batch.BatchCommands.Add(command);
        }

        var parts = new string[3];
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : "null";
                await reader.NextResultAsync(cancellationToken);
            }
        }

        return new StringBuilder(parts.Sum(p => p.Length) + 128)
            .Append("{\"loaded_at\":").Append(time.GetUtcNow().ToUnixTimeMilliseconds())
            .Append(",\"team_id\":").Append(teamId)
            .Append(",\"flags\":").Append(parts[0])
            .Append(",\"group_type_mapping\":").Append(parts[1])
            .Append(",\"cohorts\":").Append(parts[2])
            .Append('}').ToString();
    }
}
