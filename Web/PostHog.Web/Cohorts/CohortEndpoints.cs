using System.Text.Json.Nodes;
using PostHog.Web.Api;
using PostHog.Web.Flags;
using PostHog.Web.Projects;

namespace PostHog.Web.Cohorts;

/// <summary>
/// <c>/api/projects/{id|@current}/cohorts/</c>: list, create, retrieve, update, delete (soft, as <c>PATCH deleted</c>), and
/// static membership the PostHog ways: a <c>csv</c> file on create/update (multipart; distinct ids, emails or person ids),
/// <c>_create_static_person_ids</c>, <c>PATCH …/add_persons_to_static_cohort/ {"person_ids": [uuid]}</c> (this platform
/// also takes <c>"distinct_ids"</c> there), <c>PATCH …/remove_person_from_static_cohort/ {"person_id": uuid}</c>, and
/// <c>GET …/persons/</c>. Every change invalidates Decide's flag cache for the team.
/// </summary>
public static class CohortEndpoints
{
    private const string Scope = "cohort";

    public static void MapCohortEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var root in ProjectRequest.Roots)
        {
            var cohorts = root + "/cohorts";
            app.MapGet(cohorts, ListAsync);
            app.MapPost(cohorts, CreateAsync).DisableAntiforgery();
            app.MapGet(cohorts + "/{id}", RetrieveAsync);
            app.MapMethods(cohorts + "/{id}", [HttpMethods.Patch, HttpMethods.Put], UpdateAsync).DisableAntiforgery();
            app.MapDelete(cohorts + "/{id}", DeleteAsync);
            app.MapMethods(cohorts + "/{id}/add_persons_to_static_cohort", [HttpMethods.Patch, HttpMethods.Post], AddPersonsAsync);
            app.MapMethods(cohorts + "/{id}/remove_person_from_static_cohort", [HttpMethods.Patch, HttpMethods.Post], RemovePersonAsync);
            app.MapGet(cohorts + "/{id}/persons", PersonsAsync);
        }
    }

    private static async Task<IResult> ListAsync(string project, HttpContext context, CohortStore store)
    {
        var (_, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var page = Page.From(context.Request);
        var (count, rows) = await store.ListAsync(team.Id, context.Request.Query["search"].ToString(), page, context.RequestAborted);
        return ApiJson.Ok(page.ToJson(context.Request, count, new JsonArray([.. rows.Select(r => (JsonNode)CohortJson.ToJson(r))])));
    }

    private static async Task<IResult> RetrieveAsync(string project, string id, HttpContext context, CohortStore store)
    {
        var (_, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var cohort = await store.GetAsync(team.Id, ProjectRequest.ObjectId(id), context.RequestAborted) ?? throw ApiError.NotFound();
        return ApiJson.Ok(CohortJson.ToJson(cohort));
    }

    private static async Task<IResult> CreateAsync(string project, HttpContext context, CohortStore store, FlagCacheInvalidator cache)
    {
        var (caller, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var changes = CohortChanges.Parse(await ApiBody.ReadAsync(context));
        await CheckReferencesAsync(store, team.Id, null, changes, context.RequestAborted);
        var id = await store.CreateAsync(team.Id, caller.UserId, changes, context.RequestAborted);
        if (changes.IsStatic == true) await AddStaticMembersAsync(context, store, team.Id, id, changes);
        await cache.TeamChangedAsync(team.Id);
        return ApiJson.Ok(CohortJson.ToJson((await store.GetAsync(team.Id, id, context.RequestAborted))!), StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(string project, string id, HttpContext context, CohortStore store, FlagCacheInvalidator cache)
    {
        var (_, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var cohortId = ProjectRequest.ObjectId(id);
        var existing = await store.GetAsync(team.Id, cohortId, context.RequestAborted) ?? throw ApiError.NotFound();
        var changes = CohortChanges.Parse(await ApiBody.ReadAsync(context));
        await CheckReferencesAsync(store, team.Id, cohortId, changes, context.RequestAborted);
        await store.UpdateAsync(team.Id, cohortId, changes, context.RequestAborted);
        if ((changes.IsStatic ?? existing.IsStatic) && changes.Deleted != true) await AddStaticMembersAsync(context, store, team.Id, cohortId, changes);
        await cache.TeamChangedAsync(team.Id);
        return ApiJson.Ok(CohortJson.ToJson((await store.GetAsync(team.Id, cohortId, context.RequestAborted))!));
    }

    private static async Task<IResult> DeleteAsync(string project, string id, HttpContext context, CohortStore store, FlagCacheInvalidator cache)
    {
        var (_, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        await store.UpdateAsync(team.Id, ProjectRequest.ObjectId(id), new CohortChanges { Deleted = true }, context.RequestAborted);
        await cache.TeamChangedAsync(team.Id);
        return Results.NoContent();
    }

    private static async Task<IResult> AddPersonsAsync(string project, string id, HttpContext context, CohortStore store, FlagCacheInvalidator cache)
    {
        var (_, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var cohort = await store.GetAsync(team.Id, ProjectRequest.ObjectId(id), context.RequestAborted) ?? throw ApiError.NotFound();
        if (!cohort.IsStatic) throw ApiError.Validation("Can only add persons to a static cohort.", null);
        var body = await ApiBody.ReadAsync(context);
        var personIds = JsonFields.StringList(body, "person_ids");
        var distinctIds = JsonFields.StringList(body, "distinct_ids");
        if (personIds is null && distinctIds is null) throw ApiError.Required("person_ids");
        var added = 0;
        if (personIds is { Count: > 0 })
        {
            RequireUuids(personIds, "person_ids");
            added += await store.AddMembersAsync(team.Id, cohort.Id, CohortStore.MemberKind.PersonUuid, personIds, context.RequestAborted);
        }

        if (distinctIds is { Count: > 0 })
        {
            added += await store.AddMembersAsync(team.Id, cohort.Id, CohortStore.MemberKind.DistinctId, distinctIds, context.RequestAborted);
        }

        await cache.TeamChangedAsync(team.Id);
        return ApiJson.Ok(new JsonObject { ["success"] = true, ["added"] = added });
    }

    private static async Task<IResult> RemovePersonAsync(string project, string id, HttpContext context, CohortStore store, FlagCacheInvalidator cache)
    {
        var (_, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var cohort = await store.GetAsync(team.Id, ProjectRequest.ObjectId(id), context.RequestAborted) ?? throw ApiError.NotFound();
        if (!cohort.IsStatic) throw ApiError.Validation("Can only remove persons from a static cohort.", null);
        var personId = JsonFields.String(await ApiBody.ReadAsync(context), "person_id") ?? throw ApiError.Required("person_id");
        if (!Guid.TryParse(personId, out var uuid)) throw ApiError.Validation("Must be a valid UUID.", "person_id", "invalid");
        if (!await store.RemoveMemberAsync(team.Id, cohort.Id, uuid, context.RequestAborted)) throw ApiError.NotFound();
        await cache.TeamChangedAsync(team.Id);
        return ApiJson.Ok(new JsonObject { ["success"] = true });
    }

    private static async Task<IResult> PersonsAsync(string project, string id, HttpContext context, CohortStore store)
    {
        var (_, team) = await ProjectRequest.OpenAsync(context, project, Scope);
        var cohort = await store.GetAsync(team.Id, ProjectRequest.ObjectId(id), context.RequestAborted) ?? throw ApiError.NotFound();
        var page = Page.From(context.Request);
        var (count, persons) = await store.MembersAsync(team.Id, cohort.Id, page, context.RequestAborted);
        return ApiJson.Ok(page.ToJson(context.Request, count, persons));
    }

    private static async Task CheckReferencesAsync(CohortStore store, long teamId, int? self, CohortChanges changes, CancellationToken cancellationToken)
    {
        if (self is { } id && changes.ReferencedCohorts.Contains(id))
        {
            throw ApiError.Validation("Cohorts cannot reference themselves.", "filters", "invalid_filters");
        }

        var missing = await store.MissingAsync(teamId, changes.ReferencedCohorts, cancellationToken);
        if (missing.Count > 0) throw ApiError.Validation($"Cohort with id {missing[0]} does not exist", "filters", "cohort_does_not_exist");
    }

    /// <summary>The CSV file and <c>_create_static_person_ids</c> of a create/update request, if any.</summary>
    private static async Task AddStaticMembersAsync(HttpContext context, CohortStore store, long teamId, int cohortId, CohortChanges changes)
    {
        if (changes.StaticPersonIds is { Count: > 0 } personIds)
        {
            RequireUuids(personIds, "_create_static_person_ids");
            await store.AddMembersAsync(teamId, cohortId, CohortStore.MemberKind.PersonUuid, personIds, context.RequestAborted);
        }

        if (context.Request.HasFormContentType && (await context.Request.ReadFormAsync(context.RequestAborted)).Files.GetFile("csv") is { } file)
        {
            using var reader = new StreamReader(file.OpenReadStream());
            var (kind, values) = CohortCsv.Parse(await reader.ReadToEndAsync(context.RequestAborted));
            if (kind == CohortStore.MemberKind.PersonUuid) RequireUuids(values, "csv");
            if (values.Count > 0) await store.AddMembersAsync(teamId, cohortId, kind, values, context.RequestAborted);
        }
    }

    private static void RequireUuids(IEnumerable<string> values, string attr)
    {
        var bad = values.FirstOrDefault(v => !Guid.TryParse(v, out _));
        if (bad is not null) throw ApiError.Validation($"'{bad}' is not a valid UUID.", attr, "invalid");
    }
}
