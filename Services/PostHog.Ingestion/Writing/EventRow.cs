using System.Text.Json.Serialization;

namespace PostHog.Ingestion.Writing;

/// <summary>A row of ClickHouse <c>events</c> (PostHog's <c>clickhouse_events_json</c> row plus key/value arrays).</summary>
public sealed class EventRow
{
    [JsonPropertyName("uuid")] public required Guid Uuid { get; init; }
    [JsonPropertyName("event")] public required string Event { get; init; }
    [JsonPropertyName("properties")] public required string Properties { get; init; }
    [JsonPropertyName("properties_keys")] public required string[] PropertiesKeys { get; init; }
    [JsonPropertyName("properties_values")] public required string[] PropertiesValues { get; init; }
    [JsonPropertyName("timestamp")] public required string Timestamp { get; init; }
    [JsonPropertyName("team_id")] public required long TeamId { get; init; }
    [JsonPropertyName("project_id")] public required long ProjectId { get; init; }
    [JsonPropertyName("distinct_id")] public required string DistinctId { get; init; }
    [JsonPropertyName("elements_chain")] public required string ElementsChain { get; init; }
    [JsonPropertyName("created_at")] public required string CreatedAt { get; init; }
    [JsonPropertyName("captured_at")] public required string CapturedAt { get; init; }
    [JsonPropertyName("person_id")] public required Guid PersonId { get; init; }
    [JsonPropertyName("person_created_at")] public required string PersonCreatedAt { get; init; }
    [JsonPropertyName("person_properties")] public required string PersonProperties { get; init; }
    [JsonPropertyName("person_properties_keys")] public required string[] PersonPropertiesKeys { get; init; }
    [JsonPropertyName("person_properties_values")] public required string[] PersonPropertiesValues { get; init; }
    [JsonPropertyName("person_mode")] public required string PersonMode { get; init; }
    [JsonPropertyName("$session_id")] public required string SessionId { get; init; }
    [JsonPropertyName("$window_id")] public required string WindowId { get; init; }
    [JsonPropertyName("$group_0")] public string Group0 { get; set; } = "";
    [JsonPropertyName("$group_1")] public string Group1 { get; set; } = "";
    [JsonPropertyName("$group_2")] public string Group2 { get; set; } = "";
    [JsonPropertyName("$group_3")] public string Group3 { get; set; } = "";
    [JsonPropertyName("$group_4")] public string Group4 { get; set; } = "";
    [JsonPropertyName("group0_properties")] public string Group0Properties { get; set; } = "";
    [JsonPropertyName("group1_properties")] public string Group1Properties { get; set; } = "";
    [JsonPropertyName("group2_properties")] public string Group2Properties { get; set; } = "";
    [JsonPropertyName("group3_properties")] public string Group3Properties { get; set; } = "";
    [JsonPropertyName("group4_properties")] public string Group4Properties { get; set; } = "";
    [JsonPropertyName("group0_created_at")] public string Group0CreatedAt { get; set; } = ClickHouseTime.Epoch;
    [JsonPropertyName("group1_created_at")] public string Group1CreatedAt { get; set; } = ClickHouseTime.Epoch;
    [JsonPropertyName("group2_created_at")] public string Group2CreatedAt { get; set; } = ClickHouseTime.Epoch;
    [JsonPropertyName("group3_created_at")] public string Group3CreatedAt { get; set; } = ClickHouseTime.Epoch;
    [JsonPropertyName("group4_created_at")] public string Group4CreatedAt { get; set; } = ClickHouseTime.Epoch;
    [JsonPropertyName("historical_migration")] public required int HistoricalMigration { get; init; }
    [JsonPropertyName("_timestamp")] public required string InsertedAt { get; init; }
    [JsonPropertyName("_offset")] public required long Offset { get; init; }
    [JsonPropertyName("_partition")] public required int Partition { get; init; }

    /// <summary>Fills the <c>$group_N</c>, <c>groupN_properties</c> and <c>groupN_created_at</c> columns of one group type index.</summary>
    public void SetGroup(int index, string key, string properties, string createdAt)
    {
        switch (index)
        {
            case 0: (Group0, Group0Properties, Group0CreatedAt) = (key, properties, createdAt); break;
            case 1: (Group1, Group1Properties, Group1CreatedAt) = (key, properties, createdAt); break;
            case 2: (Group2, Group2Properties, Group2CreatedAt) = (key, properties, createdAt); break;
            case 3: (Group3, Group3Properties, Group3CreatedAt) = (key, properties, createdAt); break;
            case 4: (Group4, Group4Properties, Group4CreatedAt) = (key, properties, createdAt); break;
            default: throw new ArgumentOutOfRangeException(nameof(index), index, "group type indexes are 0–4");
        }
    }
}
