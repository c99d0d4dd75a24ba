using System.Text.Json.Serialization;

namespace PostHog.Ingestion.Writing;

/// <summary>A row of ClickHouse <c>groups</c>; the highest <see cref="Version"/> per (type, key) wins.</summary>
public sealed record GroupRow(
    [property: JsonPropertyName("group_type_index")] int GroupTypeIndex,
    [property: JsonPropertyName("group_key")] string GroupKey,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("team_id")] long TeamId,
    [property: JsonPropertyName("group_properties")] string GroupProperties,
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("_timestamp")] string Timestamp,
    [property: JsonPropertyName("_offset")] long Offset);
