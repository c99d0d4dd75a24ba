using System.Text.Json.Serialization;

namespace PostHog.Contracts.Events;

/// <summary>
/// The Kafka message value capture writes to <c>events_plugin_ingestion*</c>, shaped like PostHog's
/// <c>CapturedEvent</c> so a PostHog consumer reads it unchanged. <see cref="Data"/> holds the original
/// event object as JSON text (PostHog double-encodes it).
/// </summary>
public sealed record CapturedEvent
{
    [JsonPropertyName("uuid")] public required Guid Uuid { get; init; }
    [JsonPropertyName("distinct_id")] public required string DistinctId { get; init; }
    [JsonPropertyName("ip")] public required string Ip { get; init; }
    [JsonPropertyName("data")] public required string Data { get; init; }
    [JsonPropertyName("now")] public required DateTimeOffset Now { get; init; }

    [JsonPropertyName("sent_at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? SentAt { get; init; }

    [JsonPropertyName("token")] public required string Token { get; init; }
    [JsonPropertyName("event")] public required string Event { get; init; }

    /// <summary>Event time after capture's clock-skew correction.</summary>
    [JsonPropertyName("timestamp")] public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("is_cookieless_mode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool IsCookielessMode { get; init; }

    [JsonPropertyName("historical_migration"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool HistoricalMigration { get; init; }
}
