using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostHog.Flags.Definitions;

/// <summary>The <c>filters</c> JSONB of a flag: condition sets, variants, payloads and targeting extras.</summary>
public sealed class FlagFilters
{
    [JsonPropertyName("groups")] public List<FlagConditionGroup>? Groups { get; set; }
    [JsonPropertyName("multivariate")] public MultivariateFilter? Multivariate { get; set; }
    [JsonPropertyName("payloads")] public Dictionary<string, JsonElement>? Payloads { get; set; }
    [JsonPropertyName("aggregation_group_type_index")] public int? AggregationGroupTypeIndex { get; set; }
    [JsonPropertyName("super_groups")] public List<FlagConditionGroup>? SuperGroups { get; set; }
    [JsonPropertyName("holdout_groups")] public List<FlagConditionGroup>? HoldoutGroups { get; set; }

    /// <summary>Newer holdout form: <c>{id, exclusion_percentage}</c>, variant <c>holdout-{id}</c>; wins over holdout_groups.</summary>
    [JsonPropertyName("holdout")] public FlagHoldout? Holdout { get; set; }

    /// <summary>Newer early-access form: enrollment is the person property <c>$feature_enrollment/{flag key}</c>; wins over super_groups.</summary>
    [JsonPropertyName("feature_enrollment")] public bool? FeatureEnrollment { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
