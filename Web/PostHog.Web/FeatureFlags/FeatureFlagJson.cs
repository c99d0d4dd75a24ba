using System.Text.Json.Nodes;

namespace PostHog.Web.FeatureFlags;

/// <summary>A flag as PostHog's FeatureFlagSerializer returns it (fields of features this platform lacks are empty).</summary>
public static class FeatureFlagJson
{
    public static JsonObject ToJson(FeatureFlagRow flag) => new()
    {
        ["id"] = flag.Id,
        ["name"] = flag.Name,
        ["key"] = flag.Key,
        ["filters"] = flag.Filters.DeepClone(),
        ["deleted"] = flag.Deleted,
        ["active"] = flag.Active,
        ["created_by"] = flag.CreatedBy?.DeepClone(),
        ["created_at"] = flag.CreatedAt,
        ["updated_at"] = flag.UpdatedAt,
        ["version"] = flag.Version,
        ["last_modified_by"] = flag.LastModifiedBy?.DeepClone(),
        ["is_simple_flag"] = IsSimple(flag.Filters),
        ["rollout_percentage"] = SimpleRollout(flag),
        ["ensure_experience_continuity"] = flag.EnsureExperienceContinuity,
        ["experiment_set"] = new JsonArray(),
        ["surveys"] = new JsonArray(),
        ["features"] = new JsonArray(),
        ["rollback_conditions"] = null,
        ["performed_rollback"] = false,
        ["can_edit"] = true,
        ["tags"] = new JsonArray([.. flag.Tags.Select(t => (JsonNode?)t)]),
        ["evaluation_tags"] = new JsonArray(),
        ["usage_dashboard"] = null,
        ["analytics_dashboards"] = new JsonArray(),
        ["has_enriched_analytics"] = false,
        ["user_access_level"] = "editor",
        ["is_remote_configuration"] = flag.IsRemoteConfiguration,
        ["has_encrypted_payloads"] = flag.HasEncryptedPayloads,
        ["status"] = flag.Deleted ? "DELETED" : "ACTIVE",
        ["evaluation_runtime"] = flag.EvaluationRuntime,
        ["bucketing_identifier"] = null,
        ["last_called_at"] = null,
    };

    /// <summary>The editable fields, for comparing with a client's <c>original_flag</c>.</summary>
    public static Dictionary<string, JsonNode?> Fields(FeatureFlagRow flag) => new()
    {
        ["key"] = flag.Key,
        ["name"] = flag.Name,
        ["filters"] = flag.Filters.DeepClone(),
        ["active"] = flag.Active,
        ["deleted"] = flag.Deleted,
        ["ensure_experience_continuity"] = flag.EnsureExperienceContinuity,
    };

    /// <summary>One condition set without properties and no variants: PostHog's "simple flag".</summary>
    private static bool IsSimple(JsonObject filters) =>
        filters["groups"] is JsonArray { Count: 1 } groups
        && groups[0] is JsonObject group
        && (group["properties"] is null || group["properties"] is JsonArray { Count: 0 })
        && filters["multivariate"] is null
        && filters["aggregation_group_type_index"] is null;

    private static JsonNode? SimpleRollout(FeatureFlagRow flag) =>
        IsSimple(flag.Filters) ? flag.Filters["groups"]![0]!["rollout_percentage"]?.DeepClone() : flag.RolloutPercentage;
}
