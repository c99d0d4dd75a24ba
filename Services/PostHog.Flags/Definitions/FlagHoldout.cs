using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostHog.Flags.Definitions;

/// <summary>An experiment holdout attached to a flag (newer <c>filters.holdout</c>).</summary>
public sealed class FlagHoldout
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("exclusion_percentage")] public double ExclusionPercentage { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
