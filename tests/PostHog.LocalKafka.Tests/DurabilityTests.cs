using System.Diagnostics;
using Confluent.Kafka;

namespace PostHog.LocalKafka.Tests;

/// <summary>Kill -9 and restart: everything acknowledged with acks=all and every committed offset must survive; a torn tail is cut off.</summary>
[Trait("Category", "Integration")]
public sealed class DurabilityTests : IAsyncLifetime
{
    private const int MessageCount = 20_000;
    private BrokerProcess _broker = null!;

    public async Task InitializeAsync() => _broker = await BrokerProcess.StartAsync(partitions: 2);

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private async Task ProduceAsync(string topic, int count, int from = 0)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, Acks = Acks.All, LingerMs = 1 }).Build();
        var delivered = 0;
        for (var i = from; i < from + count; i++)
            producer.Produce(topic, new Message<string, string> { Key = $"k{i}", Value = $"value-{i}" }, report =>
            {
                if (report.Error.IsError) throw new InvalidOperationException(report.Error.Reason);
                Interlocked.Increment(ref delivered);
            });
        producer.Flush(TimeSpan.FromSeconds(60));
        Assert.Equal(count, delivered);
        await Task.CompletedTask;
    }

    private List<string> ConsumeAll(string topic, int expected)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = _broker.BootstrapServers, GroupId = "durability-reader", EnableAutoCommit = false, CheckCrcs = true,
        }).Build();
        consumer.Assign([new TopicPartitionOffset(topic, 0, Offset.Beginning), new TopicPartitionOffset(topic, 1, Offset.Beginning)]);
        var values = new List<string>();
        var waited = Stopwatch.StartNew();
        while (values.Count < expected && waited.Elapsed < TimeSpan.FromSeconds(30))
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result) values.Add(result.Message.Value);
        // Anything past the expected count would be a duplicate or garbage: give it a moment to show up.
        while (consumer.Consume(TimeSpan.FromMilliseconds(300)) is { IsPartitionEOF: false } extra) values.Add(extra.Message.Value);
        return values;
    }

    private List<TopicPartitionOffset> Committed(string topic, string group)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = group }).Build();
        return consumer.Committed([new TopicPartition(topic, 0), new TopicPartition(topic, 1)], TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Acknowledged_messages_and_committed_offsets_survive_kill_9()
    {
        const string topic = "durable";
        await ProduceAsync(topic, MessageCount);
        using (var committer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = "durable-group" }).Build())
            committer.Commit([new TopicPartitionOffset(topic, 0, 1234), new TopicPartitionOffset(topic, 1, 4321)]);

        await _broker.RestartAsync(); // SIGKILL, then start on the same data dir

        var values = ConsumeAll(topic, MessageCount);
        Assert.Equal(MessageCount, values.Count);
        Assert.Equal(Enumerable.Range(0, MessageCount).Select(i => $"value-{i}").Order(), values.Order());
        var committed = Committed(topic, "durable-group");
        Assert.Equal(1234, committed.Single(c => c.Partition == 0).Offset.Value);
        Assert.Equal(4321, committed.Single(c => c.Partition == 1).Offset.Value);
    }

    [Fact]
    public async Task Torn_tail_is_truncated_and_not_served()
    {
        const string topic = "torn";
        await ProduceAsync(topic, 1000);
        _broker.Kill();

        // Simulate a write cut short by a crash: a batch header promising more bytes than the file holds, plus garbage.
        var log = Directory.GetFiles(Path.Combine(_broker.DataDir, "topics", topic, "0"), "*.log").Order().Last();
        var originalLength = new FileInfo(log).Length;
        var head = new byte[200];
        using (var stream = new FileStream(log, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.ReadExactly(head);
            stream.Seek(0, SeekOrigin.End);
            stream.Write(head);
        }
        var partition0Before = originalLength;

        await _broker.RestartAsync();
        Assert.Contains("Truncated", _broker.Output);
        Assert.Equal(partition0Before, new FileInfo(log).Length);

        var values = ConsumeAll(topic, 1000);
        Assert.Equal(1000, values.Count);
        Assert.Equal(1000, values.Distinct().Count());

        // The log accepts new writes right after the last good batch.
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, Acks = Acks.All }).Build();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = "w" }).Build();
        var endBefore = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High;
        var after = await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string, string> { Key = "after", Value = "after" });
        Assert.Equal(endBefore.Value, after.Offset.Value);
        Assert.Equal(1001, ConsumeAll(topic, 1001).Count);
    }
}
