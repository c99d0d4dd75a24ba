using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.Capture.Routing;
using PostHog.Capture.Sinks;
using PostHog.Capture.Validation;
using PostHog.Contracts.Events;

namespace PostHog.Capture.Envelope;

/// <summary>Wraps a validated event in PostHog's <see cref="CapturedEvent"/> envelope and headers, ready for Kafka.</summary>
public static class EventEnvelope
{
    public static KafkaRecord Build(string token, in ValidatedEvent evt, string ip, DateTimeOffset now, DateTimeOffset? sentAt,
        DateTimeOffset timestamp, bool historicalMigration, EventRoute route)
    {
        var captured = new CapturedEvent
        {
            Uuid = evt.Uuid,
            DistinctId = evt.DistinctId,
            // capture-rs redacts the address of events the platform sends itself.
            Ip = evt.CaptureInternal ? "127.0.0.1" : ip,
            // Written from the event's UTF-8 bytes below, not from this string.
            Data = string.Empty,
            Now = now,
            SentAt = evt.IgnoreSentAt ? null : sentAt,
            Token = token,
            Event = evt.Event,
            Timestamp = timestamp,
            IsCookielessMode = evt.IsCookieless,
            HistoricalMigration = historicalMigration,
        };
        return new KafkaRecord(route.Topic, route.Key, ContractsJson.Serialize(captured, EventData(evt)), Headers(captured, route));
    }

    private static List<KeyValuePair<string, string>> Headers(CapturedEvent captured, EventRoute route)
    {
        var headers = new List<KeyValuePair<string, string>>(8)
        {
            new(CapturedEventHeaderNames.Token, captured.Token),
            new(CapturedEventHeaderNames.DistinctId, captured.DistinctId),
            new(CapturedEventHeaderNames.Timestamp, captured.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            new(CapturedEventHeaderNames.Event, captured.Event),
            new(CapturedEventHeaderNames.Uuid, captured.Uuid.ToString()),
            new(CapturedEventHeaderNames.Now, captured.Now.ToString("O", CultureInfo.InvariantCulture)),
        };
        if (route.ForceDisablePersonProcessing) headers.Add(new(CapturedEventHeaderNames.ForceDisablePersonProcessing, "true"));
        if (captured.HistoricalMigration) headers.Add(new(CapturedEventHeaderNames.HistoricalMigration, "true"));
        return headers;
    }

    /// <summary>The event exactly as the client sent it; when /engage filled in the name, the JSON must say so too.</summary>
    private static ReadOnlySpan<byte> EventData(in ValidatedEvent evt)
    {
        if (evt.Raw.TryGetProperty("event", out var name) && name.ValueKind == JsonValueKind.String && name.ValueEquals(evt.Event))
        {
            return JsonMarshal.GetRawUtf8Value(evt.Raw);
        }
        var copy = JsonNode.Parse(evt.Raw.GetRawText())!.AsObject();
        copy["event"] = evt.Event;
        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }
}
