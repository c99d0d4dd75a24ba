using System.Globalization;
using PostHog.Web.Api;
using PostHog.Web.Auth;

namespace PostHog.Web.Projects;

/// <summary>The start of every project-scoped endpoint: authenticate, check the key's scope for the method, resolve the project.</summary>
public static class ProjectRequest
{
    /// <summary>The project-scoped route prefixes: PostHog's <c>projects</c> and its newer <c>environments</c> spelling.</summary>
    public static readonly string[] Roots = ["/api/projects/{project}", "/api/environments/{project}"];

    public static async Task<(ApiCaller Caller, ApiTeam Team)> OpenAsync(HttpContext context, string project, string scopeObject)
    {
        var caller = await context.RequestServices.GetRequiredService<PersonalApiKeyAuthenticator>().AuthenticateAsync(context);
        ApiScopes.Require(caller, scopeObject, context.Request.Method);
        var team = await context.RequestServices.GetRequiredService<ProjectAccess>().ResolveAsync(caller, project, context.RequestAborted);
        return (caller, team);
    }

    /// <summary>An object id from the route; anything but a positive integer is simply not found.</summary>
    public static int ObjectId(string id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : throw ApiError.NotFound();
}
