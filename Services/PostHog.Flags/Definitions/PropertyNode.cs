using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostHog.Flags.Definitions;

/// <summary>An entry of a cohort's property tree: either a nested <see cref="PropertyGroup"/> or a <see cref="PropertyFilter"/>.</summary>
public abstract class PropertyNode;

/// <summary>Reads PostHog's untagged union: an object with a <c>values</c> array is a group, anything else a filter.</summary>
internal sealed class PropertyNodeListConverter : JsonConverter<List<PropertyNode>>
{
    public override List<PropertyNode>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array) return [];
        var nodes = new List<PropertyNode>(root.GetArrayLength());
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            PropertyNode? node = item.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array
                ? item.Deserialize<PropertyGroup>(options)
                : item.Deserialize<PropertyFilter>(options);
            if (node is not null) nodes.Add(node);
        }
        return nodes;
    }

    public override void Write(Utf8JsonWriter writer, List<PropertyNode> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var node in value)
        {
            switch (node)
            {
                case PropertyGroup group: JsonSerializer.Serialize(writer, group, options); break;
                case PropertyFilter filter: JsonSerializer.Serialize(writer, filter, options); break;
            }
        }
        writer.WriteEndArray();
    }
}
