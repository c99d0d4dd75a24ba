using System.Buffers.Binary;
using System.Net.Sockets;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Tests;

/// <summary>The admin-side APIs through Confluent.Kafka's AdminClient, plus the ones no client here sends (raw requests).</summary>
[Trait("Category", "Integration")]
public sealed class AdminApiTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private string Bootstrap => fixture.Broker.BootstrapServers;

    private IAdminClient Admin() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Bootstrap }).Build();

    [Fact]
    public async Task Topics_can_be_created_described_and_deleted()
    {
        using var admin = Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = "admin-topic", NumPartitions = 3, ReplicationFactor = 1 }]);
        var duplicate = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            admin.CreateTopicsAsync([new TopicSpecification { Name = "admin-topic", NumPartitions = 3, ReplicationFactor = 1 }]));
        Assert.Equal(Confluent.Kafka.ErrorCode.TopicAlreadyExists, duplicate.Results[0].Error.Code);
        await Assert.ThrowsAsync<CreateTopicsException>(() =>
            admin.CreateTopicsAsync([new TopicSpecification { Name = "replicated", NumPartitions = 1, ReplicationFactor = 3 }]));

        var metadata = admin.GetMetadata("admin-topic", TimeSpan.FromSeconds(10));
        Assert.Equal(3, metadata.Topics.Single().Partitions.Count);

        var configs = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = "admin-topic" }]);
        Assert.Equal("delete", configs[0].Entries["cleanup.policy"].Value);

        await admin.DeleteTopicsAsync(["admin-topic"]);
        var after = admin.GetMetadata(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(after.Topics, t => t.Topic == "admin-topic");
    }

    [Fact]
    public async Task Groups_are_listed_and_described_and_their_offsets_fetched()
    {
        const string topic = "admin-groups";
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = Bootstrap }).Build())
        {
            for (var i = 0; i < 10; i++) producer.Produce(topic, new Message<Null, string> { Value = $"v{i}" });
            producer.Flush(TimeSpan.FromSeconds(10));
        }
        using var consumer = new ConsumerBuilder<Null, string>(new ConsumerConfig
        {
            BootstrapServers = Bootstrap, GroupId = "admin-group", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
            SessionTimeoutMs = 6000, HeartbeatIntervalMs = 300,
        }).Build();
        consumer.Subscribe(topic);
        var result = consumer.Consume(TimeSpan.FromSeconds(20));
        consumer.Commit([new TopicPartitionOffset(result.TopicPartition, result.Offset + 1)]);

        using var admin = Admin();
        var groups = await admin.ListConsumerGroupsAsync();
        Assert.Contains(groups.Valid, g => g.GroupId == "admin-group");
        var described = await admin.DescribeConsumerGroupsAsync(["admin-group"]);
        var group = Assert.Single(described.ConsumerGroupDescriptions);
        Assert.Equal(ConsumerGroupState.Stable, group.State);
        Assert.Single(group.Members);
        var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("admin-group", null)]);
        Assert.Contains(offsets[0].Partitions, p => p.TopicPartition == result.TopicPartition && p.Offset == result.Offset + 1);
        consumer.Close();
    }

    [Fact]
    public async Task Offsets_for_times_find_the_first_batch_at_or_after_the_timestamp()
    {
        const string topic = "admin-times";
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = Bootstrap, LingerMs = 0 }).Build())
        {
            for (var i = 0; i < 5; i++)
                await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<Null, string> { Value = $"v{i}", Timestamp = new Timestamp(1_000_000 + i * 1000, TimestampType.CreateTime) });
        }
        using var consumer = new ConsumerBuilder<Null, string>(new ConsumerConfig { BootstrapServers = Bootstrap, GroupId = "times" }).Build();
        var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(topic, 0, new Timestamp(1_002_500, TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
        Assert.Equal(3, found[0].Offset.Value);
        var beyond = consumer.OffsetsForTimes([new TopicPartitionTimestamp(topic, 0, new Timestamp(9_000_000, TimestampType.CreateTime))], TimeSpan.FromSeconds(10));
        Assert.Equal(Offset.End, beyond[0].Offset);
    }

    [Fact]
    public async Task Offset_for_leader_epoch_ends_at_the_high_watermark()
    {
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = Bootstrap }).Build())
            await producer.ProduceAsync(new TopicPartition("epochs", 0), new Message<Null, string> { Value = "x" });

        using var request = new KafkaWriter(correlationId: 9);
        request.WriteInt16((short)ApiKey.OffsetForLeaderEpoch);
        request.WriteInt16(3);
        request.WriteInt32(9);
        request.WriteNullableString("test");
        request.WriteInt32(-1); // replica id
        request.WriteArrayCount(1);
        request.WriteString("epochs");
        request.WriteArrayCount(1);
        request.WriteInt32(0); // partition
        request.WriteInt32(0); // current leader epoch
        request.WriteInt32(0); // leader epoch
        // KafkaWriter frames a response (size, correlation id); a request frame is size + header, so drop the extra id.
        var frame = request.Complete().ToArray();
        var body = frame.AsSpan(8).ToArray();
        var sized = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(sized, body.Length);
        body.CopyTo(sized, 4);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", fixture.Broker.Port);
        await socket.SendAsync(sized);
        var response = new byte[4 + 4 + 4 + 4 + 2 + 6 + 4 + 2 + 4 + 4 + 8];
        var read = 0;
        while (read < response.Length) read += await socket.ReceiveAsync(response.AsMemory(read));
        var reader = new KafkaReader(response);
        reader.ReadInt32(); // size
        Assert.Equal(9, reader.ReadInt32());
        reader.ReadInt32(); // throttle
        Assert.Equal(1, reader.ReadArrayCount());
        Assert.Equal("epochs", reader.ReadString());
        Assert.Equal(1, reader.ReadArrayCount());
        Assert.Equal(0, reader.ReadInt16());
        Assert.Equal(0, reader.ReadInt32());
        Assert.Equal(0, reader.ReadInt32());
        Assert.Equal(1, reader.ReadInt64());
    }
}
