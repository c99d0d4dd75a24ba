using System.Text.Json.Serialization;

namespace PostHog.Ingestion.Writing;

/// <summary>A row of ClickHouse <c>ingestion_warnings</c>.</summary>
public sealed record IngestionWarningRow(
    [property: JsonPropertyName("team_id")] long TeamId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("details")] string Details,
    [property: JsonPropertyName("timestamp")] string Timestamp,
    [property: JsonPropertyName("_timestamp")] string InsertedAt,
    [property: JsonPropertyName("_offset")] long Offset,
    [property: JsonPropertyName("_partition")] int Partition);
