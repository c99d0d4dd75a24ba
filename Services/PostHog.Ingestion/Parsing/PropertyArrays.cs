using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Parsing;

/// <summary>
/// The top-level properties as parallel key/value arrays (<c>properties_keys</c>, <c>properties_values</c>), so a filter
/// on a top-level key is exact on ClickHouse 18.16 (no JSONExtract): a nested key of the same name is not in the arrays.
/// Strings are stored unquoted, everything else as compact JSON text (<c>23</c>, <c>true</c>, <c>null</c>, <c>{"a":1}</c>).
/// </summary>
public static class PropertyArrays
{
    // Writing is synchronous: one JSON scratch buffer and writer per thread.
    [ThreadStatic] private static ArrayBufferWriter<byte>? jsonScratch;
    [ThreadStatic] private static Utf8JsonWriter? json;

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

    /// <summary>
    /// The properties' three columns as RowBinary (JSON text, keys, values), the same bytes <see cref="IngestionJson.Text"/>
    /// and <see cref="From"/> would give, encoded from the tree without building their strings.
    /// </summary>
    public static void Write(RowBinaryWriter row, JsonObject properties)
    {
        row.String(Json(properties));
        row.Length(properties.Count);
        foreach (var (key, _) in properties)
        {
            row.String(key);
        }

        row.Length(properties.Count);
        foreach (var (_, value) in properties)
        {
            WriteValue(row, value);
        }
    }

    private static void WriteValue(RowBinaryWriter row, JsonNode? value)
    {
        switch (value)
        {
            case null:
                row.String("null"u8);
                break;
            case JsonValue parsed when parsed.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.String:
                // The text between the quotes is the string itself unless it holds an escape.
                var raw = JsonMarshal.GetRawUtf8Value(element)[1..^1];
                if (raw.IndexOf((byte)'\\') < 0)
                {
                    row.String(raw);
                }
                else
                {
                    row.String(element.GetString()!);
                }

                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                row.String(scalar.GetValue<string>());
                break;
            default:
                row.String(Json(value));
                break;
        }
    }

    /// <summary>The node as compact JSON in a per-thread buffer, valid until the next call on this thread.</summary>
    private static ReadOnlySpan<byte> Json(JsonNode node)
    {
        var buffer = jsonScratch ??= new ArrayBufferWriter<byte>(8192);
        buffer.ResetWrittenCount();
        var writer = json ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = IngestionJson.Options.Encoder });
        writer.Reset(buffer);
        node.WriteTo(writer, IngestionJson.Options);
        writer.Flush();
        return buffer.WrittenSpan;
    }
}
