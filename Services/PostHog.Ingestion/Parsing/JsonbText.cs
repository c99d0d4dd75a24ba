using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Parsing;

/// <summary>JSON text Postgres jsonb accepts: jsonb rejects the NUL character (\u0000), so it becomes U+FFFD as capture does for ids.</summary>
public static class JsonbText
{
    public static string From(JsonNode value) => IngestionJson.Text(value).Replace("\\u0000", "\uFFFD", StringComparison.Ordinal);
}
