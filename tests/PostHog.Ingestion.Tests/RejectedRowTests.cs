using System.Text;
using Confluent.Kafka;
using PostHog.Contracts;
using PostHog.Contracts.Storage;
using PostHog.Ingestion.DeadLetters;
using PostHog.Ingestion.Tests.Fixtures;
using static PostHog.Ingestion.Tests.Fixtures.TestMessages;

namespace PostHog.Ingestion.Tests;

/// <summary>
/// The hosted consumer when ClickHouse refuses one row of a batch for what it contains: that row's message goes to the
/// dead letter topic, the rest of the batch is written, and the partition moves on instead of retrying for ever.
/// </summary>
[Collection(StorageCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RejectedRowTests(StorageFixture storage)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_row_ClickHouse_refuses_is_dead_lettered_and_the_rest_of_its_batch_lands()
    {
        var topic = $"refused-{Guid.NewGuid():N}";
        var group = $"group-{Guid.NewGuid():N}";
        await using var rig = await IngestionRig.CreateAsync(storage, "refused", settings: new Dictionary<string, string?>
        {
            ["Ingestion:ConsumerGroup"] = group,
            ["Ingestion:MaxBatchWait"] = "00:00:01",
            ["Ingestion:MaxRetryDelay"] = "00:00:01",
        }, topics: [topic]);
        // This test's own events table gets a column whose expression throws for one event name: ClickHouse then
        // refuses exactly that row of an insert, for its data, every time it is sent.
        await rig.ClickHouse.ExecuteAsync($"ALTER TABLE {ClickHouseTables.ShardedEvents} ADD COLUMN refused UInt8 MATERIALIZED throwIf(event = 'refused-by-clickhouse')");
        var good = Enumerable.Range(0, 8).Select(i => Envelope(rig.Token, "fine", $"user-{i % 3}")).ToList();
        var bad = Envelope(rig.Token, "refused-by-clickhouse", "user-1");
        var badMessage = Message(bad);
        await KafkaTestClient.ProduceAsync(storage.Kafka.BootstrapServers, topic, [.. good.Take(5).Select(e => Message(e)), badMessage, .. good.Skip(5).Select(e => Message(e))]);

        await rig.Host.StartAsync();

        await KafkaTestClient.EventuallyAsync(async () => KafkaTestClient.Committed(storage.Kafka.BootstrapServers, group, topic) == 9, Patience, "all nine offsets committed");
        Assert.Equal(8, await rig.EventCountAsync());
        Assert.Equal(8, await rig.EventCountAsync("event = 'fine'"));
        Assert.Equal(0, await rig.EventCountAsync("event = 'refused-by-clickhouse'"));

        var dead = KafkaTestClient.ReadAll(storage.Kafka.BootstrapServers, KafkaTopics.EventsDeadLetterQueue, TimeSpan.FromSeconds(2))
            .Where(m => Header(m, DeadLetterQueue.TopicHeader) == topic).ToList();
        var parked = Assert.Single(dead);
        Assert.Equal(badMessage.Key, parked.Message.Key);
        Assert.Equal(badMessage.Value, parked.Message.Value);
        Assert.Equal("clickhouse write", Header(parked, DeadLetterQueue.StepHeader));
        Assert.Contains("throwIf", Header(parked, DeadLetterQueue.ReasonHeader), StringComparison.OrdinalIgnoreCase);
        var warning = Assert.Single(await rig.WarningsAsync("pipeline_step_dlq"));
        Assert.Contains(bad.Uuid.ToString(), warning, StringComparison.Ordinal);
        Assert.Contains("clickhouse write", warning, StringComparison.Ordinal);

        // The consumer goes on with the partition.
        var later = Envelope(rig.Token, "later", "user-2");
        await KafkaTestClient.ProduceAsync(storage.Kafka.BootstrapServers, topic, [Message(later)]);
        await KafkaTestClient.EventuallyAsync(async () => KafkaTestClient.Committed(storage.Kafka.BootstrapServers, group, topic) == 10, Patience, "the later event committed");
        Assert.Equal(1, await rig.EventCountAsync($"uuid = '{later.Uuid}'"));
    }

    private static string? Header(ConsumeResult<string, byte[]> message, string name) =>
        message.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
