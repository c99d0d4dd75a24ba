using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostHog.Flags.Definitions;

public sealed class MultivariateFilter
{
    [JsonPropertyName("variants")] public List<FlagVariant> Variants { get; set; } = [];

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class FlagVariant
{
    [JsonPropertyName("key")] public string Key { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    /// <summary>Null counts as 0.</summary>
    [JsonPropertyName("rollout_percentage")] public double? RolloutPercentage { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
