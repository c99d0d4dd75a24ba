using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using PostHog.Contracts;
using PostHog.Contracts.Events;

namespace PostHog.Ingestion.Tests.Fixtures;

/// <summary>Kafka messages shaped exactly as capture produces them (envelope via ContractsJson, capture's headers).</summary>
public static class TestMessages
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static CapturedEvent Envelope(string token, string eventName, string distinctId, JsonObject? properties = null, Guid? uuid = null,
        DateTimeOffset? timestamp = null, JsonObject? extraTopLevel = null)
    {
        var data = new JsonObject { ["event"] = eventName, ["distinct_id"] = distinctId, ["properties"] = properties ?? new JsonObject() };
        foreach (var (key, value) in extraTopLevel ?? [])
        {
            data[key] = value?.DeepClone();
        }

        return new CapturedEvent
        {
            Uuid = uuid ?? Guid.CreateVersion7(),
            DistinctId = distinctId,
            Ip = "203.0.113.7",
            Data = data.ToJsonString(),
            Now = Now,
            Token = token,
            Event = eventName,
            Timestamp = timestamp ?? Now,
        };
    }

    public static Headers Headers(CapturedEvent envelope, bool forceDisablePersonProcessing = false)
    {
        var headers = new Headers
        {
            { CapturedEventHeaderNames.Token, Encoding.UTF8.GetBytes(envelope.Token) },
            { CapturedEventHeaderNames.DistinctId, Encoding.UTF8.GetBytes(envelope.DistinctId) },
            { CapturedEventHeaderNames.Timestamp, Encoding.UTF8.GetBytes(envelope.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)) },
            { CapturedEventHeaderNames.Event, Encoding.UTF8.GetBytes(envelope.Event) },
            { CapturedEventHeaderNames.Uuid, Encoding.UTF8.GetBytes(envelope.Uuid.ToString()) },
        };
        if (forceDisablePersonProcessing)
        {
            headers.Add(CapturedEventHeaderNames.ForceDisablePersonProcessing, "true"u8.ToArray());
        }

        return headers;
    }

    public static Message<string, byte[]> Message(CapturedEvent envelope, bool forceDisablePersonProcessing = false) => new()
    {
        Key = $"{envelope.Token}:{envelope.DistinctId}",
        Value = ContractsJson.Serialize(envelope),
        Headers = Headers(envelope, forceDisablePersonProcessing),
    };

    /// <summary>A consumed message as the pipeline receives it, at a given offset of partition 0.</summary>
    public static ConsumeResult<string, byte[]> Consumed(Message<string, byte[]> message, long offset) => new()
    {
        Topic = KafkaTopics.EventsPluginIngestion,
        Partition = new Partition(0),
        Offset = new Offset(offset),
        Message = message,
    };

    public static List<ConsumeResult<string, byte[]>> Batch(params CapturedEvent[] envelopes) =>
        envelopes.Select((envelope, i) => Consumed(Message(envelope), i)).ToList();
}
