using System.Text.Json.Serialization;

namespace PostHog.Ingestion.Writing;

/// <summary>A row of ClickHouse <c>person_distinct_id2</c>; the highest <see cref="Version"/> per distinct id wins.</summary>
public sealed record PersonDistinctIdRow(
    [property: JsonPropertyName("team_id")] long TeamId,
    [property: JsonPropertyName("distinct_id")] string DistinctId,
    [property: JsonPropertyName("person_id")] Guid PersonId,
    [property: JsonPropertyName("is_deleted")] int IsDeleted,
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("_timestamp")] string Timestamp,
    [property: JsonPropertyName("_offset")] long Offset,
    [property: JsonPropertyName("_partition")] int Partition);
