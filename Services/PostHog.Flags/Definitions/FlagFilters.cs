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

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
