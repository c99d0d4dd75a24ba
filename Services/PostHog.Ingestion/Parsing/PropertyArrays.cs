using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Parsing;

/// <summary>
/// The top-level properties as parallel key/value arrays (<c>properties_keys</c>, <c>properties_values</c>), so a filter
/// on a top-level key is exact on ClickHouse 18.16 (no JSONExtract): a nested key of the same name is not in the arrays.
/// Strings are stored unquoted, everything else as compact JSON text (<c>23</c>, <c>true</c>, <c>null</c>, <c>{"a":1}</c>).
/// </summary>
public static class PropertyArrays
{
    public static (string[] Keys, string[] Values) From(JsonObject properties)
    {
        var keys = new string[properties.Count];
        var values = new string[properties.Count];
        var i = 0;
        foreach (var (key, value) in properties)
        {
            keys[i] = key;
            values[i] = ValueText(value);
            i++;
        }

        return (keys, values);
    }

    public static string ValueText(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
        _ => value.ToJsonString(IngestionJson.Options),
    };
}
