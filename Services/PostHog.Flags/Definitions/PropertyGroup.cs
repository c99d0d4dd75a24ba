using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostHog.Flags.Definitions;

/// <summary>An AND/OR group of filters or of nested groups — how PostHog ships a property-based cohort.</summary>
public sealed class PropertyGroup : PropertyNode
{
    [JsonPropertyName("type")] public string Type { get; set; } = "AND";

    [JsonPropertyName("values"), JsonConverter(typeof(PropertyNodeListConverter))]
    public List<PropertyNode> Values { get; set; } = [];

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
