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
        DateTimeOffset timestamp, bool historicalMigration, EventRoute route) =>
        Build(new RequestHeaderValues(token, now), evt, ip, sentAt, timestamp, historicalMigration, route);

    /// <param name="request">Token, receive time and their header bytes, shared by every event of the request.</param>
    public static KafkaRecord Build(RequestHeaderValues request, in ValidatedEvent evt, string ip, DateTimeOffset? sentAt,
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
            Now = request.NowTime,
            SentAt = evt.IgnoreSentAt ? null : sentAt,
            Token = request.TokenText,
            Event = evt.Event,
            Timestamp = timestamp,
            IsCookielessMode = evt.IsCookieless,
            HistoricalMigration = historicalMigration,
        };
        return new KafkaRecord(route.Topic, route.Key, ContractsJson.Serialize(captured, EventData(evt)), Headers(request, captured, route));
    }

    private static KeyValuePair<string, byte[]>[] Headers(RequestHeaderValues request, CapturedEvent captured, EventRoute route)
    {
        var count = 6 + (route.ForceDisablePersonProcessing ? 1 : 0) + (captured.HistoricalMigration ? 1 : 0);
        var headers = new KeyValuePair<string, byte[]>[count];
        headers[0] = new(CapturedEventHeaderNames.Token, request.Token);
        headers[1] = new(CapturedEventHeaderNames.DistinctId, Encoding.UTF8.GetBytes(captured.DistinctId));
        headers[2] = new(CapturedEventHeaderNames.Timestamp, Utf8(captured.Timestamp.ToUnixTimeMilliseconds()));
        headers[3] = new(CapturedEventHeaderNames.Event, request.Event(captured.Event));
        headers[4] = new(CapturedEventHeaderNames.Uuid, Utf8(captured.Uuid));
        headers[5] = new(CapturedEventHeaderNames.Now, request.Now);
        var next = 6;
        if (route.ForceDisablePersonProcessing) headers[next++] = new(CapturedEventHeaderNames.ForceDisablePersonProcessing, RequestHeaderValues.True);
        if (captured.HistoricalMigration) headers[next] = new(CapturedEventHeaderNames.HistoricalMigration, RequestHeaderValues.True);
        return headers;
    }

    private static byte[] Utf8<T>(T value) where T : IUtf8SpanFormattable
    {
        Span<byte> buffer = stackalloc byte[64];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        return buffer[..written].ToArray();
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
