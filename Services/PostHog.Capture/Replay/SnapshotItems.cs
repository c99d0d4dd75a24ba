using System.Buffers;
using System.Text.Json;
using PostHog.Capture.Validation;

namespace PostHog.Capture.Replay;

/// <summary>
/// Folds a /s request into the one <c>$snapshot_items</c> event capture-rs produces per request (spec §1.9):
/// every event belongs to the first event's session, and all their <c>$snapshot_data</c> items are concatenated.
/// </summary>
public static class SnapshotItems
{
    public const string EventName = "$snapshot_items";
    public const int MaxSessionIdLength = 100;

    public static ValidatedEvent Fold(ValidatedBatch batch, string? userAgent)
    {
        var first = batch.Events[0];
        var firstProperties = Properties(first);
        var sessionId = firstProperties.TryGetProperty("$session_id", out var s) ? s : default;
        if (sessionId.ValueKind != JsonValueKind.String || sessionId.GetString() is not { Length: > 0 } session)
        {
            throw new CaptureException(new CaptureError("missing_session_id", 400, "$session_id is missing"));
        }
        if (session.Length > MaxSessionIdLength)
        {
            throw new CaptureException(new CaptureError("invalid_session_id", 400, $"$session_id is longer than {MaxSessionIdLength} characters"));
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event", EventName);
            writer.WriteStartObject("properties");
            writer.WriteString("distinct_id", first.DistinctId);
            writer.WriteString("$session_id", session);
            writer.WriteString("$window_id", StringOr(firstProperties, "$window_id", session));
            writer.WriteString("$snapshot_source", StringOr(firstProperties, "$snapshot_source", "web"));
            writer.WriteStartArray("$snapshot_items");
            foreach (var evt in batch.Events) WriteItems(writer, Properties(evt));
            writer.WriteEndArray();
            writer.WriteString("$lib", StringOr(firstProperties, "$lib", LibFromUserAgent(userAgent)));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var folded = JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
        return first with { Raw = folded, Event = EventName, Uuid = Guid.CreateVersion7() };
    }

    private static void WriteItems(Utf8JsonWriter writer, JsonElement properties)
    {
        if (!properties.TryGetProperty("$snapshot_data", out var data) || data.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
        {
            throw new CaptureException(new CaptureError("missing_snapshot_data", 400, "every recording event needs $snapshot_data (array or object)"));
        }
        if (data.ValueKind == JsonValueKind.Object)
        {
            data.WriteTo(writer);
            return;
        }
        foreach (var item in data.EnumerateArray()) item.WriteTo(writer);
    }

    /// <summary>The session a folded <c>$snapshot_items</c> event belongs to: its partition key.</summary>
    public static string SessionId(in ValidatedEvent folded) => Properties(folded).GetProperty("$session_id").GetString()!;

    private static JsonElement Properties(in ValidatedEvent evt) =>
        evt.Raw.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;

    private static string StringOr(JsonElement properties, string name, string fallback) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } text
            ? text
            : fallback;

    /// <summary>capture-rs takes the SDK's product token from the User-Agent when it names posthog.</summary>
    private static string LibFromUserAgent(string? userAgent)
    {
        if (userAgent is null || !userAgent.Contains("posthog", StringComparison.OrdinalIgnoreCase)) return "web";
        return userAgent.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(t => t.Contains("posthog", StringComparison.OrdinalIgnoreCase))?.Split('/')[0] ?? "web";
    }
}
