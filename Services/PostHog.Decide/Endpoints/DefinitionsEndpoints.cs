using PostHog.RequestDecoding;
using PostHog.Contracts.Auth;
using PostHog.Decide.Auth;
using PostHog.Decide.Definitions;
using PostHog.Decide.Teams;

namespace PostHog.Decide.Endpoints;

/// <summary>
/// Local evaluation for server SDKs: <c>GET /flags/definitions</c> (posthog-node, newer SDKs) and the legacy
/// <c>/api/feature_flag/local_evaluation</c>, with a personal API key, <c>send_cohorts</c>, and ETag / 304.
/// </summary>
public static class DefinitionsEndpoints
{
    public static void MapDefinitionsEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var pattern in (ReadOnlySpan<string>)["/flags/definitions", "/api/feature_flag/local_evaluation"])
            app.MapGet(pattern, HandleAsync);
    }

    private static async Task<IResult> HandleAsync(HttpContext context, PersonalKeyAuthenticator authenticator, TeamStore teams, DefinitionsCache cache)
    {
        SdkCors.Apply(context);
        var key = PersonalApiKey.FromAuthorizationHeader(context.Request.Headers.Authorization.FirstOrDefault());
        if (key is null) return DecideError.NotAuthenticated().ToResult();
        try
        {
            var grant = await authenticator.AuthenticateAsync(key, context.RequestAborted);
            if (grant is null) return DecideError.AuthenticationFailed("Personal API key is invalid.").ToResult();

            var query = context.Request.Query;
            Team? team;
            if (query["token"].FirstOrDefault() is { Length: > 0 } token) team = await teams.FindByTokenAsync(token, context.RequestAborted);
            else if (long.TryParse(query["project_id"].FirstOrDefault(), out var projectId) || grant.CurrentTeamId is { } current && (projectId = current) > 0)
                team = await teams.FindByIdAsync(projectId, context.RequestAborted);
            else team = null;
            if (team is null) return DecideError.InvalidToken().ToResult();
            if (!grant.MayReadFlagsOf(team)) return DecideError.PermissionDenied("This personal API key cannot read this project's feature flags.").ToResult();

            var definitions = await cache.GetAsync(team.Id, context.RequestAborted);
            if (definitions is null) return DecideError.Unavailable("Flag definitions are unavailable right now.").ToResult();

            var sendCohorts = query.ContainsKey("send_cohorts");
            var etag = sendCohorts ? definitions.ETagWithCohorts : definitions.ETagWithoutCohorts;
            context.Response.Headers.ETag = etag;
            context.Response.Headers.CacheControl = "no-cache";
            if (Matches(context.Request.Headers.IfNoneMatch.ToString(), etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Bytes(sendCohorts ? definitions.BodyWithCohorts : definitions.BodyWithoutCohorts, "application/json");
        }
        catch (DatabaseUnavailableException)
        {
            return DecideError.Unavailable("Postgres is unavailable and nothing is cached for this key or project.").ToResult();
        }
    }

    private static bool Matches(string ifNoneMatch, string etag)
    {
        if (string.IsNullOrEmpty(ifNoneMatch)) return false;
        foreach (var candidate in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries))
        {
            var value = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (value == etag || value == "*") return true;
        }
        return false;
    }
}
