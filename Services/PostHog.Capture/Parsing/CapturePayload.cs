using System.Text.Json;

namespace PostHog.Capture.Parsing;

/// <summary>
/// One request's events in whichever shape they came (array, batch object, single event). Owns the parsed
/// document: the event elements are views into it, so keep it alive until the envelopes are written.
/// </summary>
public sealed class CapturePayload(JsonDocument document, IReadOnlyList<JsonElement> events) : IDisposable
{
    public IReadOnlyList<JsonElement> Events { get; } = events;

    /// <summary><c>api_key</c>/<c>token</c> of a batch object; wins over per-event tokens.</summary>
    public string? BatchToken { get; init; }

    /// <summary>True when the batch token field is present but is not a string.</summary>
    public bool BatchTokenIsNotString { get; init; }

    /// <summary>Batch-level <c>sent_at</c> as sent (ISO 8601), applied to every event.</summary>
    public string? SentAt { get; init; }

    public bool HistoricalMigration { get; init; }

    public void Dispose() => document.Dispose();
}
