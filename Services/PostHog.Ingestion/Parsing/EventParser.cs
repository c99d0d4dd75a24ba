using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using PostHog.Contracts.Events;

namespace PostHog.Ingestion.Parsing;

/// <summary>
/// Kafka message → <see cref="IncomingEvent"/>: the <see cref="CapturedEvent"/> envelope, its double-encoded
/// <c>data</c>, the capture headers, and PostHog's normalisation of top-level <c>$set</c>/<c>$set_once</c> (top level wins).
/// </summary>
public static class EventParser
{
    public const int MaxEventNameLength = 200;

    public static ParseResult Parse(byte[]? value, Headers? headers)
    {
        if (value is null || value.Length == 0)
        {
            return ParseResult.Fail("empty_message");
        }

        CapturedEvent? envelope;
        try
        {
            envelope = ContractsJson.DeserializeCapturedEvent(value);
        }
        catch (JsonException exception)
        {
            return ParseResult.Fail($"invalid_envelope: {exception.Message}");
        }

        if (envelope is null)
        {
            return ParseResult.Fail("invalid_envelope: null");
        }

        JsonObject data;
        try
        {
            if (JsonNode.Parse(envelope.Data) is not JsonObject parsed)
            {
                return ParseResult.Fail("invalid_event_data: not a JSON object");
            }

            data = parsed;
        }
        catch (JsonException exception)
        {
            return ParseResult.Fail($"invalid_event_data: {exception.Message}");
        }

        var name = !string.IsNullOrEmpty(envelope.Event) ? envelope.Event : data["event"] is JsonValue eventName && eventName.TryGetValue<string>(out var named) ? named : null;
        if (string.IsNullOrEmpty(name))
        {
            return ParseResult.Fail("missing_event_name");
        }

        if (string.IsNullOrEmpty(envelope.DistinctId))
        {
            return ParseResult.Fail("missing_distinct_id");
        }

        var token = Header(headers, CapturedEventHeaderNames.Token) ?? envelope.Token;
        if (string.IsNullOrWhiteSpace(token))
        {
            return ParseResult.Fail("missing_token");
        }

        var properties = data["properties"] as JsonObject ?? [];
        data.Remove("properties"); // detached, so it can be edited and re-serialized on its own
        MergeTopLevel(data, properties, "$set");
        MergeTopLevel(data, properties, "$set_once");

        return ParseResult.Ok(new IncomingEvent
        {
            Uuid = envelope.Uuid == Guid.Empty ? Guid.CreateVersion7() : envelope.Uuid,
            Event = name.Length > MaxEventNameLength ? name[..MaxEventNameLength] : name,
            DistinctId = envelope.DistinctId,
            Token = token.Trim(),
            Ip = envelope.Ip,
            Properties = properties,
            Timestamp = envelope.Timestamp,
            CapturedAt = envelope.Now,
            ForceDisablePersonProcessing = Header(headers, CapturedEventHeaderNames.ForceDisablePersonProcessing) == "true",
            HistoricalMigration = envelope.HistoricalMigration || Header(headers, CapturedEventHeaderNames.HistoricalMigration) == "true",
        });
    }

    // posthog-js sends $set at the top level of $identify; PostHog folds it into properties.$set, the top level winning.
    private static void MergeTopLevel(JsonObject data, JsonObject properties, string name)
    {
        if (data[name] is not JsonObject topLevel)
        {
            return;
        }

        if (properties[name] is not JsonObject target)
        {
            target = [];
            properties[name] = target;
        }

        foreach (var (key, value) in topLevel.ToArray())
        {
            target[key] = value?.DeepClone();
        }
    }

    private static string? Header(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
