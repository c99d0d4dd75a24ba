using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PostHog.ServiceDefaults.Kafka;

/// <summary>Publishes the latest librdkafka statistics of every client in this process as OpenTelemetry instruments.</summary>
public static class KafkaMetrics
{
    public const string MeterName = "PostHog.Kafka";

    private static readonly ConcurrentDictionary<string, KafkaStatistics> Latest = new();

    private static readonly Meter Meter = CreateMeter();

    /// <summary>Called from the statistics handler with librdkafka's JSON; malformed documents are ignored.</summary>
    public static void Record(string statisticsJson)
    {
        try
        {
            var statistics = KafkaStatistics.Parse(statisticsJson);
            Latest[statistics.ClientName] = statistics;
        }
        catch (System.Text.Json.JsonException)
        {
            // A statistics document we cannot read must never disturb producing or consuming.
        }
    }

    /// <summary>Drops a disposed client's series.</summary>
    public static void Forget(string clientName) => Latest.TryRemove(clientName, out _);

    internal static KafkaStatistics? LatestFor(string clientName) => Latest.GetValueOrDefault(clientName);

    private static Meter CreateMeter()
    {
        var meter = new Meter(MeterName);
        meter.CreateObservableGauge("messaging.kafka.consumer.queue.message_count", () => Observe(s => s.ReplyQueue), "{message}", "Operations waiting in the reply queue (replyq).");
        meter.CreateObservableGauge("messaging.kafka.producer.queue.message_count", () => Observe(s => s.ProducerQueueMessages), "{message}", "Messages waiting to be sent (msg_cnt).");
        meter.CreateObservableGauge("messaging.kafka.producer.queue.size", () => Observe(s => s.ProducerQueueBytes), "By", "Bytes of messages waiting to be sent (msg_size).");
        meter.CreateObservableCounter("messaging.kafka.network.tx", () => Observe(s => s.RequestsSent), "{request}", "Requests sent to brokers (tx).");
        meter.CreateObservableCounter("messaging.kafka.network.transmitted", () => Observe(s => s.BytesSent), "By", "Bytes sent to brokers (tx_bytes).");
        meter.CreateObservableCounter("messaging.kafka.network.rx", () => Observe(s => s.ResponsesReceived), "{response}", "Responses received from brokers (rx).");
        meter.CreateObservableCounter("messaging.kafka.network.received", () => Observe(s => s.BytesReceived), "By", "Bytes received from brokers (rx_bytes).");
        meter.CreateObservableCounter("messaging.publish.messages", () => Observe(s => s.MessagesSent), "{message}", "Messages sent (txmsgs).");
        meter.CreateObservableCounter("messaging.kafka.message.transmitted", () => Observe(s => s.MessageBytesSent), "By", "Message bytes sent (txmsg_bytes).");
        meter.CreateObservableCounter("messaging.receive.messages", () => Observe(s => s.MessagesReceived), "{message}", "Messages consumed (rxmsgs).");
        meter.CreateObservableCounter("messaging.kafka.message.received", () => Observe(s => s.MessageBytesReceived), "By", "Message bytes consumed (rxmsg_bytes).");
        meter.CreateObservableGauge("messaging.kafka.consumer.lag", () => Observe(s => s.ConsumerLag), "{message}", "Messages behind the high watermark, summed over assigned partitions.");
        return meter;
    }

    private static IEnumerable<Measurement<long>> Observe(Func<KafkaStatistics, long> value) =>
        Latest.Values.Select(statistics => new Measurement<long>(
            value(statistics),
            new TagList { { "messaging.client.id", statistics.ClientName }, { "messaging.kafka.client.type", statistics.ClientType } }));
}
