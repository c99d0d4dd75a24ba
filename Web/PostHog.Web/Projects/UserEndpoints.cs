using System.Text.Json.Nodes;
using Npgsql;
using PostHog.Web.Api;
using PostHog.Web.Auth;

namespace PostHog.Web.Projects;

/// <summary><c>/api/users/@me/</c>: the key's user with its current team and organization, as scripts use to find their project id.</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app) => app.MapGet("/api/users/@me", MeAsync);

    private static async Task<IResult> MeAsync(HttpContext context, PersonalApiKeyAuthenticator auth, ProjectAccess projects, NpgsqlDataSource dataSource)
    {
        var caller = await auth.AuthenticateAsync(context);
        ApiScopes.Require(caller, "user", context.Request.Method);
        var teams = await projects.ListAsync(caller, context.RequestAborted);
        var team = teams.FirstOrDefault(t => t.Id == caller.CurrentTeamId) ?? teams.FirstOrDefault();

        var organizations = new JsonArray();
        JsonObject? current = null;
        await using (var command = dataSource.CreateCommand("""
            SELECT o.id, o.name, o.created_at, m.level FROM posthog_organization o
            JOIN posthog_organizationmembership m ON m.organization_id = o.id AND m.user_id = $1
            ORDER BY m.joined_at, o.id
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = caller.UserId });
            await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
            while (await reader.ReadAsync(context.RequestAborted))
            {
                var organization = new JsonObject
                {
                    ["id"] = reader.GetGuid(0).ToString(),
                    ["name"] = reader.GetString(1),
                    ["slug"] = Slug(reader.GetString(1)),
                    ["created_at"] = reader.GetFieldValue<DateTimeOffset>(2),
                    ["membership_level"] = (int)reader.GetInt16(3),
                    ["teams"] = new JsonArray([.. teams.Where(t => t.OrganizationId == reader.GetGuid(0)).Select(t => (JsonNode)t.ToBasicJson())]),
                };
                organizations.Add(organization.DeepClone());
                if (reader.GetGuid(0) == (team?.OrganizationId ?? caller.CurrentOrganizationId)) current = organization;
            }
        }

        return ApiJson.Ok(new JsonObject
        {
            ["date_joined"] = caller.DateJoined,
            ["uuid"] = caller.UserUuid.ToString(),
            ["distinct_id"] = caller.DistinctId,
            ["first_name"] = caller.FirstName,
            ["last_name"] = caller.LastName,
            ["email"] = caller.Email,
            ["pending_email"] = null,
            ["is_email_verified"] = true,
            ["is_staff"] = caller.IsStaff,
            ["team"] = team?.ToBasicJson(),
            ["organization"] = current,
            ["organizations"] = organizations,
        });
    }

    private static string Slug(string name) =>
        string.Join('-', name.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
