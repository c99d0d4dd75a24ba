using PostHog.Contracts.Storage;
using System.Text.Json.Nodes;
using Npgsql;
using PostHog.Ingestion.Parsing;
using PostHog.Ingestion.Persons;

namespace PostHog.Ingestion.Groups;

/// <summary><c>posthog_grouptypemapping</c> (type name → index 0–4, allocated on first sight) and <c>posthog_group</c>.</summary>
public sealed class GroupStore(NpgsqlDataSource dataSource)
{
    /// <summary>The type's index, allocating the lowest free one; null when the project already has five types.</summary>
    public async Task<int?> GroupTypeIndexAsync(long teamId, long projectId, string groupType, CancellationToken cancellationToken)
    {
        // Two new types seen at once both pick the lowest free index; one insert wins and the other does nothing. The
        // loser tries the next free index rather than taking the project for full: at most five rounds, one per index.
        for (var attempt = 0; attempt < EventColumns.MaxGroupTypes; attempt++)
        {
            await using var command = dataSource.CreateCommand("""
                WITH added AS (
                    INSERT INTO posthog_grouptypemapping (team_id, project_id, group_type, group_type_index)
                    SELECT $1, $2, $3, i FROM generate_series(0, 4) AS i
                    WHERE i NOT IN (SELECT group_type_index FROM posthog_grouptypemapping WHERE team_id = $1)
                      AND NOT EXISTS (SELECT 1 FROM posthog_grouptypemapping WHERE team_id = $1 AND group_type = $3)
                    ORDER BY i LIMIT 1
                    ON CONFLICT DO NOTHING
                    RETURNING group_type_index)
                SELECT group_type_index FROM added
                UNION ALL SELECT group_type_index FROM posthog_grouptypemapping WHERE team_id = $1 AND group_type = $3
                UNION ALL SELECT -1 WHERE (SELECT count(*) FROM posthog_grouptypemapping WHERE team_id = $1) >= 5
                LIMIT 1
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = teamId });
            command.Parameters.Add(new NpgsqlParameter { Value = projectId });
            command.Parameters.Add(new NpgsqlParameter { Value = groupType });
            switch (await command.ExecuteScalarAsync(cancellationToken))
            {
                case int index and >= 0: return index;
                case -1: return null; // five types already, none of them this one
            }
        }

        return null;
    }

    public async Task<Group?> FetchAsync(long teamId, int index, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT group_properties::text, created_at, version FROM posthog_group WHERE team_id = $1 AND group_type_index = $2 AND group_key = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = index });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Group(teamId, index, key, JsonNode.Parse(reader.GetString(0)) as JsonObject ?? [], new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetInt64(2))
            : null;
    }

    /// <summary>Applies <c>$group_set</c> to the group, creating it when new; one statement, so concurrent writers serialize on the row.</summary>
    public async Task<Group> UpsertAsync(long teamId, int index, string key, JsonObject set, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO posthog_group (team_id, group_type_index, group_key, group_properties, created_at, version)
            VALUES ($1, $2, $3, $4, $5, 0)
            ON CONFLICT (team_id, group_type_index, group_key) DO UPDATE
              SET group_properties = posthog_group.group_properties || EXCLUDED.group_properties,
                  version = posthog_group.version + 1
              WHERE (posthog_group.group_properties || EXCLUDED.group_properties) IS DISTINCT FROM posthog_group.group_properties
            RETURNING group_properties::text, created_at, version
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = index });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(PersonStore.Jsonb(set));
        command.Parameters.Add(new NpgsqlParameter { Value = createdAt.UtcDateTime });
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return new Group(teamId, index, key, JsonNode.Parse(reader.GetString(0)) as JsonObject ?? [], new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetInt64(2));
            }
        }

        // Nothing changed (the WHERE skipped the update): the stored group is current.
        return await FetchAsync(teamId, index, key, cancellationToken) ?? throw new PersonRaceException($"group {index}/{key} vanished");
    }
}
