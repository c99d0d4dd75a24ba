using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace PostHog.LocalKafka.Tests;

/// <summary>Confluent.Kafka 2.16 (librdkafka 2.16) against the broker process.</summary>
[Trait("Category", "Integration")]
public sealed class ConfluentKafkaScenarioTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private string Bootstrap => fixture.Broker.BootstrapServers;

    private async Task CreateTopicAsync(string topic, int partitions)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Bootstrap }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
    }

    private List<ConsumeResult<string, string>> ReadAll(string topic, int partitions, int expected)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = Bootstrap, GroupId = "unused", EnableAutoCommit = false, CheckCrcs = true,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<ConsumeResult<string, string>>();
        var deadline = Stopwatch.StartNew();
        while (results.Count < expected && deadline.Elapsed < TimeSpan.FromSeconds(30))
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result) results.Add(result);
        return results;
    }

    [Fact]
    public async Task Producer_with_acks_all_is_read_back_in_order()
    {
        const string topic = "confluent-acks-all";
        await CreateTopicAsync(topic, 1);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = Bootstrap, Acks = Acks.All }).Build())
        {
            for (var i = 0; i < 1000; i++) producer.Produce(topic, new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
            var last = await producer.ProduceAsync(topic, new Message<string, string> { Key = "last", Value = "last" });
            Assert.Equal(1000, last.Offset.Value);
            Assert.Equal(PersistenceStatus.Persisted, last.Status);
        }
        var read = ReadAll(topic, 1, 1001);
        Assert.Equal(1001, read.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"v{i}").Append("last"), read.Select(r => r.Message.Value));
        Assert.Equal(Enumerable.Range(0, 1001).Select(i => (long)i), read.Select(r => r.Offset.Value));
    }

    [Fact]
    public async Task Idempotent_producer_writes_each_message_once()
    {
        const string topic = "confluent-idempotent";
        await CreateTopicAsync(topic, 2);
        var config = new ProducerConfig { BootstrapServers = Bootstrap, EnableIdempotence = true, CompressionType = CompressionType.Lz4, LingerMs = 2 };
        using (var producer = new ProducerBuilder<string, string>(config).Build())
        {
            for (var i = 0; i < 5000; i++) producer.Produce(topic, new Message<string, string> { Key = $"k{i % 17}", Value = $"v{i}" });
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }
        var read = ReadAll(topic, 2, 5000);
        Assert.Equal(5000, read.Count);
        Assert.Equal(5000, read.Select(r => r.Message.Value).Distinct().Count());
    }

    [Fact]
    public async Task Committed_offsets_let_a_new_consumer_resume()
    {
        const string topic = "confluent-resume";
        const string group = "resume-group";
        await CreateTopicAsync(topic, 1);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = Bootstrap, Acks = Acks.All }).Build())
        {
            for (var i = 0; i < 100; i++) producer.Produce(topic, new Message<Null, string> { Value = $"v{i}" });
            producer.Flush(TimeSpan.FromSeconds(30));
        }
        var config = new ConsumerConfig
        {
            BootstrapServers = Bootstrap, GroupId = group, AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
            SessionTimeoutMs = 6000, HeartbeatIntervalMs = 500,
        };
        using (var first = new ConsumerBuilder<Null, string>(config).Build())
        {
            first.Subscribe(topic);
            ConsumeResult<Null, string>? result = null;
            for (var i = 0; i < 40; i++) result = first.Consume(TimeSpan.FromSeconds(20));
            Assert.Equal("v39", result!.Message.Value);
            first.Commit(result);
            first.Close();
        }
        using var second = new ConsumerBuilder<Null, string>(config).Build();
        second.Subscribe(topic);
        var resumed = second.Consume(TimeSpan.FromSeconds(20));
        Assert.Equal("v40", resumed.Message.Value);
        Assert.Equal(40, second.Committed([new TopicPartition(topic, 0)], TimeSpan.FromSeconds(10))[0].Offset.Value);
        second.Close();
    }

    [Fact]
    public async Task Group_rebalances_on_join_leave_and_crash()
    {
        const string topic = "confluent-group";
        const string group = "rebalance-group";
        await CreateTopicAsync(topic, 4);
        using var a = new GroupMember(Bootstrap, group, topic, "a");
        await a.WaitForAssignmentAsync(4);

        using (var b = new GroupMember(Bootstrap, group, topic, "b"))
        {
            await a.WaitForAssignmentAsync(2);
            await b.WaitForAssignmentAsync(2);
            Assert.Empty(a.Assigned.Intersect(b.Assigned));
            // Leave: Close() sends LeaveGroup, so the partitions move back at once.
        }
        await a.WaitForAssignmentAsync(4);

        // Crash: a kcat group member killed with SIGKILL never sends LeaveGroup; its session (2 s) must expire.
        var crashing = Process.Start(new ProcessStartInfo("kcat",
            ["-b", Bootstrap, "-G", group, "-X", "session.timeout.ms=2000", "-X", "heartbeat.interval.ms=300", "-q", topic])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            await a.WaitForAssignmentAsync(2);
            crashing.Kill(entireProcessTree: true);
            await crashing.WaitForExitAsync();
            await a.WaitForAssignmentAsync(4);
        }
        finally
        {
            if (!crashing.HasExited) crashing.Kill(entireProcessTree: true);
        }
    }

    /// <summary>A subscribed consumer polled on its own thread, tracking its current assignment.</summary>
    private sealed class GroupMember : IDisposable
    {
        private readonly IConsumer<Ignore, Ignore> _consumer;
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private volatile TopicPartition[] _assigned = [];

        public GroupMember(string bootstrap, string group, string topic, string name)
        {
            _consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
                {
                    BootstrapServers = bootstrap, GroupId = group, ClientId = name, SessionTimeoutMs = 6000, HeartbeatIntervalMs = 300,
                    AutoOffsetReset = AutoOffsetReset.Earliest, PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
                })
                .SetPartitionsAssignedHandler((_, partitions) => _assigned = [.. partitions])
                .SetPartitionsRevokedHandler((_, _) => _assigned = [])
                .SetPartitionsLostHandler((_, _) => _assigned = [])
                .Build();
            _consumer.Subscribe(topic);
            _thread = new Thread(() =>
            {
                while (!_stop.IsCancellationRequested) _consumer.Consume(TimeSpan.FromMilliseconds(100));
            }) { IsBackground = true };
            _thread.Start();
        }

        public TopicPartition[] Assigned => _assigned;

        public async Task WaitForAssignmentAsync(int count)
        {
            var waited = Stopwatch.StartNew();
            while (_assigned.Length != count)
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(30))
                    throw new TimeoutException($"{_consumer.Name} has {_assigned.Length} partitions, expected {count}");
                await Task.Delay(100);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _consumer.Close();
            _consumer.Dispose();
        }
    }
}
