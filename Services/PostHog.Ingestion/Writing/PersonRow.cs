using System.Text.Json.Serialization;

namespace PostHog.Ingestion.Writing;

/// <summary>A row of ClickHouse <c>person</c>; the highest <see cref="Version"/> per id wins.</summary>
public sealed record PersonRow(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("team_id")] long TeamId,
    [property: JsonPropertyName("properties")] string Properties,
    [property: JsonPropertyName("properties_keys")] string[] PropertiesKeys,
    [property: JsonPropertyName("properties_values")] string[] PropertiesValues,
    [property: JsonPropertyName("is_identified")] int IsIdentified,
    [property: JsonPropertyName("is_deleted")] int IsDeleted,
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("_timestamp")] string Timestamp,
    [property: JsonPropertyName("_offset")] long Offset);
