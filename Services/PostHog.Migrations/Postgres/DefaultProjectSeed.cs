using Microsoft.Extensions.Logging;
using Npgsql;

namespace PostHog.Migrations.Postgres;

/// <summary>
/// Ensures the default organization and project (team 1) exist. A token passed in <c>POSTHOG_DEFAULT_PROJECT_TOKEN</c>
/// becomes the project's token; without one, a token is generated the first time and kept afterwards.
/// </summary>
public sealed class DefaultProjectSeed(NpgsqlDataSource dataSource, ILogger<DefaultProjectSeed> logger)
{
    public const string TokenSetting = "POSTHOG_DEFAULT_PROJECT_TOKEN";
    public const long DefaultTeamId = 1;

    private const string Sql = """
        INSERT INTO posthog_organization (id, name)
        SELECT @organization, 'Default organization' WHERE NOT EXISTS (SELECT 1 FROM posthog_organization);

        INSERT INTO posthog_project (id, organization_id, name)
        SELECT @team, (SELECT id FROM posthog_organization ORDER BY created_at, id LIMIT 1), 'Default project'
        ON CONFLICT (id) DO NOTHING;

        INSERT INTO posthog_team (id, uuid, organization_id, project_id, api_token, name)
        SELECT @team, @uuid, organization_id, id, @token, 'Default project' FROM posthog_project WHERE id = @team
        ON CONFLICT (id) DO UPDATE SET api_token = EXCLUDED.api_token, updated_at = now() WHERE @replace_token;

        SELECT setval(pg_get_serial_sequence('posthog_team', 'id'), GREATEST((SELECT max(id) FROM posthog_team), 1));
        """;

    /// <summary>Seeds and returns the default project's token.</summary>
    public async Task<string> SeedAsync(string? configuredToken, CancellationToken cancellationToken)
    {
        var given = string.IsNullOrWhiteSpace(configuredToken) ? null : configuredToken.Trim();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var seed = new NpgsqlCommand(Sql, connection, transaction))
        {
            seed.Parameters.AddWithValue("organization", Guid.CreateVersion7());
            seed.Parameters.AddWithValue("team", DefaultTeamId);
            seed.Parameters.AddWithValue("uuid", Guid.CreateVersion7());
            seed.Parameters.AddWithValue("token", given ?? ProjectToken.Generate());
            seed.Parameters.AddWithValue("replace_token", given is not null);
            await seed.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var read = new NpgsqlCommand("SELECT api_token FROM posthog_team WHERE id = @team", connection, transaction);
        read.Parameters.AddWithValue("team", DefaultTeamId);
        var token = (string)(await read.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Default project (team {Team}) token: {Token}", DefaultTeamId, token);
        return token;
    }
}
