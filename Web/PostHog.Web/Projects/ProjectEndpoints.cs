using System.Text.Json.Nodes;
using PostHog.Web.Api;
using PostHog.Web.Auth;

namespace PostHog.Web.Projects;

/// <summary><c>/api/projects/</c>, <c>/api/projects/{id|@current}/</c> (and the <c>/api/environments/</c> spelling).</summary>
public static class ProjectEndpoints
{
    public static void MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var root in new[] { "/api/projects", "/api/environments" })
        {
            app.MapGet(root, ListAsync);
            app.MapGet(root + "/{project}", RetrieveAsync);
        }
    }

    private static async Task<IResult> ListAsync(HttpContext context, PersonalApiKeyAuthenticator auth, ProjectAccess projects)
    {
        var caller = await auth.AuthenticateAsync(context);
        ApiScopes.Require(caller, "project", context.Request.Method);
        var teams = await projects.ListAsync(caller, context.RequestAborted);
        var page = Page.From(context.Request);
        var results = new JsonArray([.. teams.Skip(page.Offset).Take(page.Limit).Select(t => (JsonNode)t.ToBasicJson())]);
        return ApiJson.Ok(page.ToJson(context.Request, teams.Count, results));
    }

    private static async Task<IResult> RetrieveAsync(string project, HttpContext context, PersonalApiKeyAuthenticator auth, ProjectAccess projects)
    {
        var caller = await auth.AuthenticateAsync(context);
        ApiScopes.Require(caller, "project", context.Request.Method);
        var team = await projects.ResolveAsync(caller, project, context.RequestAborted);
        return ApiJson.Ok(team.ToDetailJson());
    }
}
