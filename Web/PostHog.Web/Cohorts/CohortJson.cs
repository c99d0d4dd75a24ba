using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.Web.FeatureFlags;

namespace PostHog.Web.Cohorts;

/// <summary>A cohort as PostHog's CohortSerializer returns it.</summary>
public static class CohortJson
{
    public static JsonObject ToJson(CohortRow cohort) => new()
    {
        ["id"] = cohort.Id,
        ["name"] = cohort.Name,
        ["description"] = cohort.Description,
        ["groups"] = cohort.Groups?.DeepClone() ?? new JsonArray(),
        ["deleted"] = cohort.Deleted,
        ["filters"] = cohort.Filters?.DeepClone(),
        ["query"] = cohort.Query?.DeepClone(),
        ["version"] = cohort.Version,
        ["pending_version"] = cohort.PendingVersion,
        ["is_calculating"] = cohort.IsCalculating,
        ["created_by"] = cohort.CreatedBy?.DeepClone(),
        ["created_at"] = cohort.CreatedAt,
        ["last_calculation"] = cohort.LastCalculation,
        ["last_backfill_person_properties_at"] = null,
        ["errors_calculating"] = cohort.ErrorsCalculating,
        ["last_error_message"] = null,
        ["count"] = cohort.Count,
        ["is_static"] = cohort.IsStatic,
        ["cohort_type"] = TypeOf(cohort),
        ["experiment_set"] = new JsonArray(),
    };

    /// <summary>PostHog's cohort_type: static, person_property (properties only) or behavioral (any event filter).</summary>
    internal static string? TypeOf(CohortRow cohort)
    {
        if (cohort.IsStatic) return "static";
        if (cohort.Filters?["properties"] is not { } properties) return null;
        var types = FlagReferenceChecker.Properties(properties)
            .Select(p => p["type"]?.GetValueKind() == JsonValueKind.String ? p["type"]!.GetValue<string>() : "person")
            .ToList();
        return types.Contains("behavioral") ? "behavioral" : "person_property";
    }
}
