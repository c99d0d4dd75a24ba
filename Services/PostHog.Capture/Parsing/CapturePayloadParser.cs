using System.Text.Json;

namespace PostHog.Capture.Parsing;

/// <summary>UTF-8 JSON → <see cref="CapturePayload"/>: array of events, <c>{api_key|token, batch, sent_at, historical_migration}</c>, or one event.</summary>
public static class CapturePayloadParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256, AllowTrailingCommas = true };

    public static CapturePayload Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new CaptureException(CaptureError.RequestParsing($"invalid JSON: {ex.Message}"));
        }

        try
        {
            return FromRoot(document);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static CapturePayload FromRoot(JsonDocument document)
    {
        var root = document.RootElement;
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                return new CapturePayload(document, Events(root));
            case JsonValueKind.Object when root.TryGetProperty("batch", out var batch):
                if (batch.ValueKind != JsonValueKind.Array) throw new CaptureException(CaptureError.RequestParsing("batch must be an array"));
                var tokenField = TokenField(root);
                return new CapturePayload(document, Events(batch))
                {
                    BatchToken = tokenField is { ValueKind: JsonValueKind.String } t ? t.GetString() : null,
                    BatchTokenIsNotString = tokenField is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) },
                    SentAt = root.TryGetProperty("sent_at", out var sentAt) && sentAt.ValueKind == JsonValueKind.String ? sentAt.GetString() : null,
                    HistoricalMigration = root.TryGetProperty("historical_migration", out var h) && h.ValueKind == JsonValueKind.True,
                };
            case JsonValueKind.Object:
                return new CapturePayload(document, [root]);
            default:
                throw new CaptureException(CaptureError.RequestParsing("payload must be a JSON object or array"));
        }
    }

    private static JsonElement? TokenField(JsonElement root) =>
        root.TryGetProperty("api_key", out var apiKey) ? apiKey
        : root.TryGetProperty("token", out var token) ? token
        : null;

    private static List<JsonElement> Events(JsonElement array)
    {
        var events = new List<JsonElement>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw new CaptureException(CaptureError.RequestParsing("every event must be a JSON object"));
            events.Add(item);
        }
        if (events.Count == 0) throw new CaptureException(CaptureError.EmptyBatch());
        return events;
    }
}
