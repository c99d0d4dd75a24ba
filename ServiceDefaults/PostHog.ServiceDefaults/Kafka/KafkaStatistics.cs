using System.Text.Json;

namespace PostHog.ServiceDefaults.Kafka;

/// <summary>The fields we chart from one librdkafka statistics JSON document (totals are since the client started).</summary>
public sealed record KafkaStatistics(
    string ClientName,
    string ClientType,
    long ReplyQueue,
    long ProducerQueueMessages,
    long ProducerQueueBytes,
    long RequestsSent,
    long BytesSent,
    long ResponsesReceived,
    long BytesReceived,
    long MessagesSent,
    long MessageBytesSent,
    long MessagesReceived,
    long MessageBytesReceived,
    long ConsumerLag)
{
    /// <summary>Parses librdkafka's statistics (see its STATISTICS.md); consumer lag is summed over assigned partitions that report one.</summary>
    public static KafkaStatistics Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new KafkaStatistics(
            root.TryGetProperty("name", out var name) ? name.GetString() ?? string.Empty : string.Empty,
            root.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty,
            Long(root, "replyq"),
            Long(root, "msg_cnt"),
            Long(root, "msg_size"),
            Long(root, "tx"),
            Long(root, "tx_bytes"),
            Long(root, "rx"),
            Long(root, "rx_bytes"),
            Long(root, "txmsgs"),
            Long(root, "txmsg_bytes"),
            Long(root, "rxmsgs"),
            Long(root, "rxmsg_bytes"),
            ConsumerLagOf(root));
    }

    private static long Long(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.TryGetInt64(out var number) ? number : 0;

    private static long ConsumerLagOf(JsonElement root)
    {
        if (!root.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        long lag = 0;
        foreach (var topic in topics.EnumerateObject())
        {
            if (!topic.Value.TryGetProperty("partitions", out var partitions) || partitions.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var partition in partitions.EnumerateObject())
            {
                // Partition -1 is librdkafka's internal UA partition; -1 lag means "unknown".
                if (partition.Name != "-1" && Long(partition.Value, "consumer_lag") is > 0 and var partitionLag)
                {
                    lag += partitionLag;
                }
            }
        }

        return lag;
    }
}
