using System.Globalization;
using Npgsql;
using PostHog.Web.Api;
using PostHog.Web.Auth;

namespace PostHog.Web.Projects;

/// <summary>
/// Resolves the <c>{project}</c> route value (an id, or <c>@current</c>) to a team the caller may use: the user must be
/// a member of the team's organization and the key, if scoped to teams or organizations, must include it.
/// </summary>
public sealed class ProjectAccess(NpgsqlDataSource dataSource)
{
    public const string Current = "@current";

    internal const string TeamColumns =
        "t.id, t.uuid, t.organization_id, t.project_id, t.api_token, t.name, t.timezone, t.anonymize_ips, t.ingested_event, t.app_urls, t.created_at, t.updated_at";

    // Environments' ids and projects' ids coincide for PostHog's first environment; a project id also finds its first team.
    private const string Sql = $"""
        SELECT {TeamColumns},
               EXISTS (SELECT 1 FROM posthog_organizationmembership m WHERE m.organization_id = t.organization_id AND m.user_id = $2)
        FROM posthog_team t
        WHERE t.id = $1 OR t.project_id = $1
        ORDER BY (t.id = $1) DESC, t.id
        LIMIT 1
        """;

    public async Task<ApiTeam> ResolveAsync(ApiCaller caller, string project, CancellationToken cancellationToken)
    {
        long teamId;
        if (string.Equals(project, Current, StringComparison.Ordinal))
        {
            // A key scoped to teams other than the user's current one means the first of them, as PostHog does.
            teamId = caller.ScopedTeams.Count > 0 && (caller.CurrentTeamId is not { } current || !caller.ScopedTeams.Contains(current))
                ? caller.ScopedTeams[0]
                : caller.CurrentTeamId ?? throw ApiError.NotFound();
        }
        else if (!long.TryParse(project, NumberStyles.None, CultureInfo.InvariantCulture, out teamId))
        {
            throw ApiError.NotFound();
        }

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = teamId });
        command.Parameters.Add(new NpgsqlParameter { Value = caller.UserId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) throw ApiError.NotFound();
        var team = Read(reader);
        var member = reader.GetBoolean(12);

        if (caller.ScopedTeams.Count > 0 && !caller.ScopedTeams.Contains(team.Id))
        {
            throw ApiError.PermissionDenied($"API key does not have access to the requested project: ID {team.Id}.");
        }

        if (caller.ScopedOrganizations.Count > 0 && !caller.ScopedOrganizations.Contains(team.OrganizationId.ToString()))
        {
            throw ApiError.PermissionDenied($"API key does not have access to the requested organization: ID {team.OrganizationId}.");
        }

        if (!member) throw ApiError.PermissionDenied("You don't have access to the project.");
        return team;
    }

    /// <summary>Every team in the caller's organizations that the key may see.</summary>
    public async Task<List<ApiTeam>> ListAsync(ApiCaller caller, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {TeamColumns} FROM posthog_team t
            WHERE t.organization_id IN (SELECT organization_id FROM posthog_organizationmembership WHERE user_id = $1)
            ORDER BY t.id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = caller.UserId });
        var teams = new List<ApiTeam>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var team = Read(reader);
            if (caller.ScopedTeams.Count > 0 && !caller.ScopedTeams.Contains(team.Id)) continue;
            if (caller.ScopedOrganizations.Count > 0 && !caller.ScopedOrganizations.Contains(team.OrganizationId.ToString())) continue;
            teams.Add(team);
        }

        return teams;
    }

    internal static ApiTeam Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5),
        reader.GetString(6), reader.GetBoolean(7), reader.GetBoolean(8), reader.GetFieldValue<string[]>(9),
        reader.GetFieldValue<DateTimeOffset>(10), reader.GetFieldValue<DateTimeOffset>(11));
}
