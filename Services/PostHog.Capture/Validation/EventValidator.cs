using System.Text.Json;
using PostHog.Capture.Parsing;

namespace PostHog.Capture.Validation;

/// <summary>
/// Checks every event of a payload and resolves the one token they share (spec §1.3–1.5). Any bad event rejects
/// the whole request, so an SDK never gets a 200 for events that were silently lost.
/// </summary>
public static class EventValidator
{
    private static readonly string[] TokenFields = ["token", "$token", "api_key"];

    /// <param name="engage">/engage fills a missing event name with <c>$identify</c>, like PostHog.</param>
    public static ValidatedBatch Validate(CapturePayload payload, bool engage = false)
    {
        if (payload.BatchTokenIsNotString) throw new CaptureException(CaptureError.InvalidToken("not_string"));
        var token = payload.BatchToken is { } batchToken ? TokenRules.Validate(batchToken) : null;
        string? eventToken = null;
        var events = new ValidatedEvent[payload.Events.Count];
        for (var i = 0; i < events.Length; i++)
        {
            var raw = payload.Events[i];
            var properties = raw.TryGetProperty("properties", out var p) ? p : default;
            var known = KnownProperties.Find(properties);
            if (token is null && EventToken(raw, known) is { } candidate)
            {
                candidate = TokenRules.Validate(candidate);
                if (eventToken is not null && eventToken != candidate) throw new CaptureException(CaptureError.MixedTokens());
                eventToken = candidate;
            }
            events[i] = ValidateEvent(raw, properties, known, engage);
        }
        return new ValidatedBatch(token ?? eventToken ?? throw new CaptureException(CaptureError.MissingToken()), events);
    }

    public static ValidatedEvent ValidateEvent(JsonElement raw, bool engage = false)
    {
        var properties = raw.TryGetProperty("properties", out var p) ? p : default;
        return ValidateEvent(raw, properties, KnownProperties.Find(properties), engage);
    }

    private static ValidatedEvent ValidateEvent(JsonElement raw, JsonElement properties, in KnownProperties known, bool engage)
    {
        if (properties.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Object))
        {
            throw new CaptureException(CaptureError.RequestParsing("properties must be an object"));
        }
        var hasProperties = properties.ValueKind == JsonValueKind.Object;

        return new ValidatedEvent(
            Raw: raw,
            Event: EventName(raw, engage),
            DistinctId: DistinctIdRules.Extract(raw, known.DistinctId) ?? throw new CaptureException(CaptureError.MissingDistinctId()),
            Uuid: EventUuid(raw),
            Timestamp: OptionalString(raw, "timestamp"),
            Offset: OptionalInteger(raw, "offset"),
            IgnoreSentAt: hasProperties && known.IgnoreSentAt.ValueKind == JsonValueKind.True,
            IsCookieless: hasProperties && CookielessMode(known.CookielessMode),
            CaptureInternal: hasProperties && known.CaptureInternal.ValueKind == JsonValueKind.True);
    }

    private static string? EventToken(JsonElement raw, in KnownProperties known)
    {
        foreach (var field in TokenFields)
        {
            if (!raw.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) continue;
            if (value.ValueKind != JsonValueKind.String) throw new CaptureException(CaptureError.InvalidToken("not_string"));
            return value.GetString();
        }
        return known.Token.ValueKind == JsonValueKind.String ? known.Token.GetString() : null;
    }

    private static string EventName(JsonElement raw, bool engage)
    {
        if (raw.TryGetProperty("event", out var name) && name.ValueKind != JsonValueKind.Null)
        {
            if (name.ValueKind != JsonValueKind.String) throw new CaptureException(CaptureError.RequestParsing("event must be a string"));
            var text = name.GetString()!;
            if (text.Length > 0) return text;
        }
        return engage ? "$identify" : throw new CaptureException(CaptureError.MissingEventName());
    }

    /// <summary>Client uuid kept (it is the dedup key); empty or absent gets a time-ordered UUIDv7.</summary>
    private static Guid EventUuid(JsonElement raw)
    {
        if (!raw.TryGetProperty("uuid", out var uuid) || uuid.ValueKind == JsonValueKind.Null) return Guid.CreateVersion7();
        if (uuid.ValueKind != JsonValueKind.String) throw new CaptureException(CaptureError.RequestParsing("uuid must be a string"));
        // The canonical 36-character form SDKs send, read without a string; Guid.TryParse below takes the other forms.
        if (uuid.TryGetGuid(out var canonical)) return canonical;
        var text = uuid.GetString()!;
        if (text.Length == 0) return Guid.CreateVersion7();
        return Guid.TryParse(text, out var parsed) ? parsed : throw new CaptureException(CaptureError.RequestParsing($"uuid '{text}' is not a valid UUID"));
    }

    private static string? OptionalString(JsonElement raw, string name)
    {
        if (!raw.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new CaptureException(CaptureError.RequestParsing($"{name} must be a string"));
    }

    private static long? OptionalInteger(JsonElement raw, string name)
    {
        if (!raw.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new CaptureException(CaptureError.RequestParsing($"{name} must be an integer"));
    }

    private static bool CookielessMode(JsonElement mode)
    {
        return mode.ValueKind switch
        {
            JsonValueKind.Undefined => false,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new CaptureException(CaptureError.InvalidCookielessMode()),
        };
    }
}
