using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Parsing;

/// <summary>How ingestion writes JSON text (properties, rows): compact, non-ASCII kept as is rather than \u-escaped.</summary>
public static class IngestionJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Text(JsonNode? node) => node?.ToJsonString(Options) ?? "{}";
}
