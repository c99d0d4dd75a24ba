using System.Text.Json.Nodes;
using PostHog.Web.Api;
using PostHog.Web.Flags;
using PostHog.Web.Projects;

namespace PostHog.Web.FeatureFlags;

/// <summary>
/// <c>/api/projects/{id|@current}/feature_flags/</c>: list, create, retrieve, update (PATCH/PUT) and delete. Deleting is
/// PostHog's soft delete: <c>PATCH {"deleted": true}</c>, or <c>DELETE</c>, which does the same (PostHog answers 405).
/// Every change invalidates Decide's cache for the team.
/// </summary>
public static class FeatureFlagEndpoints
{
    private const string Scope = "feature_flag";

    public static void MapFeatureFlagEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var root in ProjectRequest.Roots)
        {
            var flags = root + "/feature_flags";
            app.MapGet(flags, ListAsync);
            app.MapPost(flags, CreateAsync);
            app.MapGet(flags + "/{id}", RetrieveAsync);
            app.MapMethods(flags + "/{id}", [HttpMethods.Patch, HttpMethods.Put], UpdateAsync);
            app.MapDelete(flags + "/{id}", DeleteAsync);
        }
    }

    private static async Task<IResult> ListAsync(string project, HttpContext context, FeatureFlagStore store)
    {
        var (_, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var query = context.Request.Query;
        var active = query["active"].ToString().ToLowerInvariant() switch { "true" => true, "false" => false, _ => (bool?)null };
        var page = Page.From(context.Request);
        var (count, rows) = await store.ListAsync(team.Id, new FeatureFlagStore.ListQuery(query["search"].ToString(), active, query["type"].ToString(), page), context.RequestAborted);
        return ApiJson.Ok(page.ToJson(context.Request, count, new JsonArray([.. rows.Select(r => (JsonNode)FeatureFlagJson.ToJson(r))])));
    }

    private static async Task<IResult> RetrieveAsync(string project, string id, HttpContext context, FeatureFlagStore store)
    {
        var (_, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var flag = await store.GetAsync(team.Id, ProjectRequest.ObjectId(id), context.RequestAborted) ?? throw ApiError.NotFound();
        return ApiJson.Ok(FeatureFlagJson.ToJson(flag));
    }

    private static async Task<IResult> CreateAsync(string project, HttpContext context, FeatureFlagStore store, FlagReferenceChecker references, FlagCacheInvalidator cache)
    {
        var (caller, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var changes = FeatureFlagChanges.Parse(await ApiBody.ReadAsync(context), context.Request.Method);
        if (await store.KeyTakenAsync(team.Id, changes.Key!, null, context.RequestAborted))
        {
            throw ApiError.Validation("There is already a feature flag with this key.", "key", "unique");
        }

        await references.CheckAsync(team.Id, changes.Key, changes.References, context.RequestAborted);
        var id = await store.CreateAsync(team.Id, caller.UserId, changes, context.RequestAborted);
        await cache.TeamChangedAsync(team.Id);
        var created = await store.GetAsync(team.Id, id, context.RequestAborted) ?? throw ApiError.NotFound();
        return ApiJson.Ok(FeatureFlagJson.ToJson(created), StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(string project, string id, HttpContext context, FeatureFlagStore store, FlagReferenceChecker references, FlagCacheInvalidator cache)
    {
        var (caller, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var flagId = ProjectRequest.ObjectId(id);
        var existing = await store.GetAsync(team.Id, flagId, context.RequestAborted) ?? throw ApiError.NotFound();
        var changes = FeatureFlagChanges.Parse(await ApiBody.ReadAsync(context), context.Request.Method);
        if (changes.Key is not null && changes.Key != existing.Key && await store.KeyTakenAsync(team.Id, changes.Key, flagId, context.RequestAborted))
        {
            throw ApiError.Validation("There is already a feature flag with this key.", "key", "unique");
        }

        await references.CheckAsync(team.Id, changes.Key ?? existing.Key, changes.References, context.RequestAborted);
        await store.UpdateAsync(team.Id, flagId, caller.UserId, changes, context.RequestAborted);
        await cache.TeamChangedAsync(team.Id);
        var updated = await store.GetAsync(team.Id, flagId, context.RequestAborted) ?? throw ApiError.NotFound();
        return ApiJson.Ok(FeatureFlagJson.ToJson(updated));
    }

    private static async Task<IResult> DeleteAsync(string project, string id, HttpContext context, FeatureFlagStore store, FlagCacheInvalidator cache)
    {
        var (caller, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var flagId = ProjectRequest.ObjectId(id);
        _ = await store.GetAsync(team.Id, flagId, context.RequestAborted) ?? throw ApiError.NotFound();
        await store.UpdateAsync(team.Id, flagId, caller.UserId, new FeatureFlagChanges { Deleted = true }, context.RequestAborted);
        await cache.TeamChangedAsync(team.Id);
        return Results.NoContent();
    }
}
