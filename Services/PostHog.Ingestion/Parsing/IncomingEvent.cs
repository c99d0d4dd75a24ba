using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Parsing;

/// <summary>A captured event after parsing: the envelope's facts plus the event's properties, ready for person processing.</summary>
public sealed class IncomingEvent
{
    public required Guid Uuid { get; init; }
    public required string Event { get; init; }
    public required string DistinctId { get; init; }
    public required string Token { get; init; }
    public required string? Ip { get; init; }

    /// <summary>The event's properties; <c>$set</c>/<c>$set_once</c> sent at the top level are already merged in.</summary>
    public required JsonObject Properties { get; init; }

    /// <summary>Event time as capture computed it (clock skew corrected).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>When capture received the event.</summary>
    public required DateTimeOffset CapturedAt { get; init; }

    public bool ForceDisablePersonProcessing { get; init; }
    public bool HistoricalMigration { get; init; }
}
