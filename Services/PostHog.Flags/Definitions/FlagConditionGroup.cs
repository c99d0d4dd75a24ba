using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostHog.Flags.Definitions;

/// <summary>One condition set (also the shape of super and holdout groups): AND-ed properties, a rollout, an optional forced variant.</summary>
public sealed class FlagConditionGroup
{
    [JsonPropertyName("properties")] public List<PropertyFilter>? Properties { get; set; }

    /// <summary>Null means 100.</summary>
    [JsonPropertyName("rollout_percentage")] public double? RolloutPercentage { get; set; }
    [JsonPropertyName("variant")] public string? Variant { get; set; }
    [JsonPropertyName("aggregation_group_type_index")] public int? AggregationGroupTypeIndex { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
