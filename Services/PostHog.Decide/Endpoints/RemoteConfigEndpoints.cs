using PostHog.RequestDecoding;
using PostHog.Decide.Definitions;
using PostHog.Decide.Responses;
using PostHog.Decide.Teams;

namespace PostHog.Decide.Endpoints;

/// <summary>posthog-js remote config: <c>/array/{token}/config</c> (JSON) and <c>/array/{token}/config.js</c> (script).</summary>
public static class RemoteConfigEndpoints
{
    public static void MapRemoteConfigEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/array/{token}/config", async (HttpContext context, string token, TeamStore teams, DefinitionsCache cache) =>
        {
            SdkCors.Apply(context);
            var (known, hasFlags) = await LookUpAsync(token, teams, cache, context.RequestAborted);
            return known ? Results.Bytes(RemoteConfig.Json(token, hasFlags), "application/json") : NotFound();
        });
        app.MapGet("/array/{token}/config.js", async (HttpContext context, string token, TeamStore teams, DefinitionsCache cache) =>
        {
            SdkCors.Apply(context);
            var (known, hasFlags) = await LookUpAsync(token, teams, cache, context.RequestAborted);
            return known ? Results.Text(RemoteConfig.Script(token, hasFlags), "application/javascript") : NotFound();
        });
    }

    private static IResult NotFound() => new DecideError(404, "invalid_request", "not_found", "Unknown project token.").ToResult();

    /// <summary>When Postgres and the caches cannot say, the token is assumed good and flags present (the config is harmless).</summary>
    private static async Task<(bool Known, bool HasFlags)> LookUpAsync(string token, TeamStore teams, DefinitionsCache cache, CancellationToken cancellationToken)
    {
        try
        {
            var team = await teams.FindByTokenAsync(token, cancellationToken);
            if (team is null) return (false, false);
            var definitions = await cache.GetAsync(team.Id, cancellationToken);
            return (true, definitions?.HasActiveFlags ?? true);
        }
        catch (DatabaseUnavailableException)
        {
            return (true, true);
        }
    }
}
