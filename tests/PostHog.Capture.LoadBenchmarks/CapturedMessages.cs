using Confluent.Kafka;

namespace PostHog.Capture.LoadBenchmarks;

/// <summary>What capture left in Kafka: message counts per topic, and a sample of its messages for the baseline to send again.</summary>
public sealed class CapturedMessages(string bootstrapServers)
{
    /// <summary>The sum of the topic's high watermarks: how many messages the broker acknowledged on it so far.</summary>
    public long Count(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError) return 0;
        using var consumer = Consumer();
        return metadata.Partitions.Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>Up to <paramref name="limit"/> messages from the start of every partition, keys, values and headers as stored.</summary>
    public List<Message<string, byte[]>> Read(string topic, int limit, int partitions)
    {
        using var consumer = Consumer();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var messages = new List<Message<string, byte[]>>(limit);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (messages.Count < limit && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result?.Message is not { } message) continue;
            messages.Add(new Message<string, byte[]> { Key = message.Key, Value = message.Value, Headers = message.Headers });
        }
        return messages;
    }

    private IConsumer<string, byte[]> Consumer() => new ConsumerBuilder<string, byte[]>(new ConsumerConfig
    {
        BootstrapServers = bootstrapServers,
        GroupId = "capture-load-benchmark",
        EnableAutoCommit = false,
    }).Build();
}
