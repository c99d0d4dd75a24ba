using Confluent.Kafka;

namespace PostHog.Ingestion.Tests.Fixtures;

/// <summary>Produce to, read from, and read the committed offsets of the test broker with plain Confluent.Kafka clients.</summary>
public static class KafkaTestClient
{
    public static async Task ProduceAsync(string bootstrapServers, string topic, IEnumerable<Message<string, byte[]>> messages)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, LingerMs = 5 }).Build();
        foreach (var message in messages)
        {
            await producer.ProduceAsync(topic, message);
        }
    }

    /// <summary>The group's committed offset of partition 0 of <paramref name="topic"/> (-1001 when nothing is committed).</summary>
    public static long Committed(string bootstrapServers, string group, string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = group, EnableAutoCommit = false }).Build();
        return consumer.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(10)).Single().Offset.Value;
    }

    /// <summary>Every message of partition 0 of <paramref name="topic"/> from the start, read without a group.</summary>
    public static List<ConsumeResult<string, byte[]>> ReadAll(string bootstrapServers, string topic, TimeSpan idle)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers, GroupId = "reader-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var read = new List<ConsumeResult<string, byte[]>>();
        while (consumer.Consume(idle) is { } result)
        {
            if (!result.IsPartitionEOF) read.Add(result);
        }

        return read;
    }

    /// <summary>Polls until <paramref name="done"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {timeout}: {what}");
            await Task.Delay(200);
        }
    }
}
