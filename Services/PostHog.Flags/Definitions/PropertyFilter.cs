using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostHog.Flags.Definitions;

/// <summary>One property condition: person/group property, cohort membership or flag dependency.</summary>
public sealed class PropertyFilter : PropertyNode
{
    [JsonPropertyName("key")] public string Key { get; set; } = "";
    [JsonPropertyName("value")] public JsonElement? Value { get; set; }

    /// <summary>Null means <c>exact</c>.</summary>
    [JsonPropertyName("operator")] public string? Operator { get; set; }

    /// <summary>person, group, cohort, flag, … (null is person).</summary>
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("negation")] public bool? Negation { get; set; }
    [JsonPropertyName("group_type_index")] public int? GroupTypeIndex { get; set; }
    [JsonPropertyName("dependency_chain")] public JsonElement? DependencyChain { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
