using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using PostHog.Contracts;
using PostHog.Ingestion.DeadLetters;
using PostHog.Ingestion.Tests.Fixtures;
using static PostHog.Ingestion.Tests.Fixtures.TestMessages;

namespace PostHog.Ingestion.Tests;

/// <summary>
/// The hosted consumer against the real broker: poison messages go to the dead letter topic without stopping it, and
/// offsets are committed only after ClickHouse accepted the batch, so a failed or interrupted batch replays.
/// </summary>
[Collection(StorageCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ConsumerTests(StorageFixture storage)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> Settings(string group) => new()
    {
        ["Ingestion:ConsumerGroup"] = group,
        ["Ingestion:MaxBatchWait"] = "00:00:00.200",
        ["Ingestion:MaxRetryDelay"] = "00:00:01",
    };

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Poison_messages_go_to_the_dead_letter_topic_and_the_events_around_them_are_written()
    {
        var topic = NewName("poison");
        var group = NewName("group");
        await using var rig = await IngestionRig.CreateAsync(storage, "poison", settings: Settings(group), topics: [topic]);
        var before = Envelope(rig.Token, "before", "d-1");
        var after = Envelope(rig.Token, "after", "d-1");
        var unparsable = new Message<string, byte[]> { Key = "poison-" + Guid.NewGuid(), Value = "{not json"u8.ToArray(), Headers = [] };
        // Postgres refuses NUL in text: the message fails in person processing, for what it contains, every time.
        var unstorable = Message(Envelope(rig.Token, "nul", "bad\0id"));
        await KafkaTestClient.ProduceAsync(storage.Kafka.BootstrapServers, topic, [Message(before), unparsable, unstorable, Message(after)]);

        await rig.Host.StartAsync();

        await KafkaTestClient.EventuallyAsync(async () => KafkaTestClient.Committed(storage.Kafka.BootstrapServers, group, topic) == 4, Patience, "all four offsets committed");
        Assert.Equal(2, await rig.EventCountAsync());
        var dead = KafkaTestClient.ReadAll(storage.Kafka.BootstrapServers, KafkaTopics.EventsDeadLetterQueue, TimeSpan.FromSeconds(2));
        var parked = dead.Single(m => m.Message.Key == unparsable.Key);
        Assert.Equal(unparsable.Value, parked.Message.Value);
        Assert.Equal("parse", Header(parked, DeadLetterQueue.StepHeader));
        Assert.StartsWith("invalid_envelope", Header(parked, DeadLetterQueue.ReasonHeader), StringComparison.Ordinal);
        Assert.Equal(topic, Header(parked, DeadLetterQueue.TopicHeader));
        var failed = dead.Single(m => m.Message.Key == unstorable.Key && m.Message.Value.SequenceEqual(unstorable.Value));
        Assert.Equal("person processing", Header(failed, DeadLetterQueue.StepHeader));
        Assert.Single(await rig.WarningsAsync("pipeline_step_dlq"));
    }

    [Fact]
    public async Task Offsets_wait_for_the_ClickHouse_write_and_a_failed_write_is_retried_until_it_lands()
    {
        var topic = NewName("retry");
        var group = NewName("group");
        await using var rig = await IngestionRig.CreateAsync(storage, "retry", settings: Settings(group), topics: [topic]);
        var envelopes = Enumerable.Range(0, 25).Select(i => Envelope(rig.Token, "e", $"user-{i % 5}")).ToList();
        await KafkaTestClient.ProduceAsync(storage.Kafka.BootstrapServers, topic, envelopes.Select(e => Message(e)));
        // ClickHouse "loses" the events table: every write fails as an outage would.
        await rig.ClickHouse.ExecuteAsync("RENAME TABLE events TO events_away");

        await rig.Host.StartAsync();
        await KafkaTestClient.EventuallyAsync(async () => await rig.PostgresPersonCountAsync() == 5, Patience, "persons written before the failing event write");
        await Task.Delay(TimeSpan.FromSeconds(3)); // several failed attempts

        Assert.Equal(Offset.Unset.Value, KafkaTestClient.Committed(storage.Kafka.BootstrapServers, group, topic));

        await rig.ClickHouse.ExecuteAsync("RENAME TABLE events_away TO events");
        await KafkaTestClient.EventuallyAsync(async () => KafkaTestClient.Committed(storage.Kafka.BootstrapServers, group, topic) == 25, Patience, "offsets committed after the write");
        Assert.Equal(25, await rig.EventCountAsync());
        Assert.Equal("25", await rig.ScalarAsync("SELECT uniqExact(uuid) FROM events WHERE team_id = 1"));
    }

    [Fact]
    public async Task A_crash_between_the_write_and_the_commit_replays_the_batch_and_every_event_still_counts_once()
    {
        var topic = NewName("crash");
        var group = NewName("group");
        await using var rig = await IngestionRig.CreateAsync(storage, "crash", settings: Settings(group), topics: [topic]);
        var envelopes = Enumerable.Range(0, 40).Select(i => Envelope(rig.Token, i % 7 == 0 ? "$identify" : "e", $"user-{i % 4}",
            i % 7 == 0 ? new JsonObject { ["$anon_distinct_id"] = $"anon-{i % 4}" } : new JsonObject { ["$set"] = new JsonObject { ["n"] = i } })).ToList();
        await KafkaTestClient.ProduceAsync(storage.Kafka.BootstrapServers, topic, envelopes.Select(e => Message(e)));

        // The first consumer of the group reads everything and writes it, then dies before it commits.
        using (var first = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = storage.Kafka.BootstrapServers, GroupId = group, EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build())
        {
            first.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
            var batch = new List<ConsumeResult<string, byte[]>>();
            while (batch.Count < envelopes.Count && first.Consume(TimeSpan.FromSeconds(10)) is { } result) batch.Add(result);
            Assert.Equal(envelopes.Count, batch.Count);
            await rig.ProcessAsync(batch);
        }

        Assert.Equal(40, await rig.EventCountAsync());
        Assert.Equal(Offset.Unset.Value, KafkaTestClient.Committed(storage.Kafka.BootstrapServers, group, topic));
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // the replay's rows get a later _timestamp, so they are not one identical block

        await rig.Host.StartAsync();

        await KafkaTestClient.EventuallyAsync(async () => KafkaTestClient.Committed(storage.Kafka.BootstrapServers, group, topic) == 40, Patience, "the replayed batch committed");
        // Both copies may still be stored (until a background merge collapses them); queries count each uuid once.
        Assert.InRange(long.Parse((await rig.ScalarAsync("SELECT count() FROM events WHERE team_id = 1"))!, System.Globalization.CultureInfo.InvariantCulture), 40, 80);
        Assert.Equal(40, await rig.EventCountAsync());
        Assert.Equal("40", await rig.ScalarAsync("SELECT uniqExact(uuid) FROM events WHERE team_id = 1"));
        Assert.Equal(4, await rig.PostgresPersonCountAsync());
        foreach (var i in Enumerable.Range(0, 4))
        {
            Assert.Equal(await rig.PostgresPersonOfAsync($"user-{i}"), await rig.ClickHousePersonOfAsync($"anon-{i}"));
        }
    }

    private static string Header(ConsumeResult<string, byte[]> message, string name) =>
        Encoding.UTF8.GetString(message.Message.Headers.GetLastBytes(name));
}
