using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using PostHog.Contracts;
using PostHog.Contracts.Storage;
using PostHog.Ingestion.DeadLetters;
using PostHog.Ingestion.Tests.Fixtures;
using PostHog.Ingestion.Writing;
using PostHog.ServiceDefaults.ClickHouse;
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

    [Fact]
    public async Task A_refused_person_row_parks_its_message_whole_and_the_other_messages_land()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "refusedperson");
        // The person table (written as JSONEachRow) refuses one person's properties.
        await rig.ClickHouse.ExecuteAsync($"ALTER TABLE {ClickHouseTables.Person} ADD COLUMN refused UInt8 MATERIALIZED throwIf(like(properties, '%refuse-me%'))");
        var before = Envelope(rig.Token, "e", "p-ok", new JsonObject { ["$set"] = new JsonObject { ["plan"] = "free" } });
        var bad = Envelope(rig.Token, "e", "p-bad", new JsonObject { ["$set"] = new JsonObject { ["note"] = "refuse-me" } });
        var after = Envelope(rig.Token, "e", "p-ok", new JsonObject { ["$set"] = new JsonObject { ["plan"] = "pro" } });
        var batch = Batch(before, bad, after);

        await rig.ProcessAsync(batch);

        // The refused message's event stays out with its person row: the message goes to the dead letter queue whole.
        Assert.Equal(2, await rig.EventCountAsync());
        Assert.Equal(0, await rig.EventCountAsync("distinct_id = 'p-bad'"));
        Assert.Contains("\"pro\"", (await rig.ClickHousePersonAsync((await rig.PostgresPersonOfAsync("p-ok"))!.Value))!.Value.Properties, StringComparison.Ordinal);
        var parked = Assert.Single(KafkaTestClient.ReadAll(storage.Kafka.BootstrapServers, KafkaTopics.EventsDeadLetterQueue, TimeSpan.FromSeconds(2)),
            m => m.Message.Value.SequenceEqual(batch[1].Message.Value));
        Assert.Equal("clickhouse write", Header(parked, DeadLetterQueue.StepHeader));
        Assert.StartsWith("person: Code 395", Header(parked, DeadLetterQueue.ReasonHeader), StringComparison.Ordinal);
        var warning = Assert.Single(await rig.WarningsAsync("pipeline_step_dlq"));
        Assert.Contains(bad.Uuid.ToString(), warning, StringComparison.Ordinal);
    }

    /// <summary>What ClickHouse 18.16 answers for rows it cannot take, and for statements that are wrong whatever the rows.</summary>
    [Fact]
    public async Task ClickHouse_answers_about_bad_rows_are_told_apart_from_answers_about_the_statement()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "codes");
        var sync = new Dictionary<string, string> { ["insert_distributed_sync"] = "1" };
        JsonObject Warning(JsonNode? teamId, JsonNode? timestamp) => new()
        {
            ["team_id"] = teamId, ["source"] = "test", ["type"] = "t", ["details"] = "{}", ["timestamp"] = timestamp, ["_timestamp"] = "2026-11-23 12:00:00", ["_offset"] = 0, ["_partition"] = 0,
        };

        async Task<ClickHouseException> Refusal(Func<Task> insert) => await Assert.ThrowsAsync<ClickHouseException>(insert);

        var badNumber = await Refusal(() => rig.ClickHouse.InsertJsonEachRowAsync(ClickHouseTables.IngestionWarnings, [Warning("not a number", "2026-11-23 12:00:00")], settings: sync));
        var badTime = await Refusal(() => rig.ClickHouse.InsertJsonEachRowAsync(ClickHouseTables.IngestionWarnings, [Warning(1, "not a time")], settings: sync));
        var unknownTable = await Refusal(() => rig.ClickHouse.InsertJsonEachRowAsync("no_such_table", [Warning(1, "2026-11-23 12:00:00")], settings: sync));
        var unknownColumn = await Refusal(() => rig.ClickHouse.InsertRowBinaryAsync(ClickHouseTables.Events, ["no_such_column"], row => row.Int64(1), sync));
        // 18.16: 27 CANNOT_PARSE_INPUT_ASSERTION_FAILED, 41 CANNOT_PARSE_DATETIME; 60 UNKNOWN_TABLE, 16 NO_SUCH_COLUMN_IN_TABLE.
        Assert.Equal((27, 41, 60, 16), (badNumber.Code, badTime.Code, unknownTable.Code, unknownColumn.Code));
        Assert.True(ClickHouseDataErrors.IsRejectedData(badNumber));
        Assert.True(ClickHouseDataErrors.IsRejectedData(badTime));
        Assert.False(ClickHouseDataErrors.IsRejectedData(unknownTable));
        Assert.False(ClickHouseDataErrors.IsRejectedData(unknownColumn));
    }

    private static string? Header(ConsumeResult<string, byte[]> message, string name) =>
        message.Message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
