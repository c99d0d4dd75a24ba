using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;
using PostHog.Ingestion.Telemetry;
using PostHog.Ingestion.Tests.Fixtures;
using PostHog.ServiceDefaults.ClickHouse;
using static PostHog.Ingestion.Tests.Fixtures.TestMessages;

namespace PostHog.Ingestion.Tests;

/// <summary>Replays (the same batch written twice) and dropped events, through the real pipeline and ClickHouse.</summary>
[Collection(StorageCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ReplayTests(StorageFixture storage)
{
    [Fact]
    public async Task A_replayed_batch_counts_once_with_FINAL_and_by_uuid_and_collapses_on_merge()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "replay");
        var batch = Batch([.. Enumerable.Range(0, 30).Select(i => Envelope(rig.Token, i % 2 == 0 ? "$pageview" : "click", $"user-{i % 6}",
            new JsonObject { ["$set"] = new JsonObject { ["i"] = i } }, timestamp: Now.AddMinutes(i)))]);

        await rig.ProcessAsync(batch);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a later _timestamp: not an identical block that insert deduplication would drop
        await rig.ProcessAsync(batch);

        Assert.Equal(30, await rig.EventCountAsync());
        Assert.Equal(15, await rig.EventCountAsync("event = 'click'"));
        Assert.Equal("30", await rig.ScalarAsync("SELECT uniqExact(uuid) FROM events WHERE team_id = 1"));
        Assert.Equal("6", await rig.ScalarAsync("SELECT uniqExact(person_id) FROM events FINAL WHERE team_id = 1"));
        Assert.Equal(6, await rig.PostgresPersonCountAsync());

        await rig.ClickHouse.ExecuteAsync("OPTIMIZE TABLE sharded_events FINAL");
        Assert.Equal("30", await rig.ScalarAsync("SELECT count() FROM events WHERE team_id = 1"));
    }

    [Fact]
    public async Task A_person_created_just_before_a_crash_reaches_ClickHouse_on_the_replay()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "creator");
        var evt = Envelope(rig.Token, "plain", "fresh-1");
        // What a crash after the Postgres write and before the ClickHouse write leaves: the person only in Postgres.
        await rig.ProcessAsync(Batch(evt));
        await rig.ClickHouse.ExecuteAsync("ALTER TABLE person DELETE WHERE 1");
        await rig.ClickHouse.ExecuteAsync("ALTER TABLE person_distinct_id2 DELETE WHERE 1");
        await KafkaTestClient.EventuallyAsync(async () => await rig.ScalarAsync("SELECT count() FROM person") == "0", TimeSpan.FromSeconds(30), "mutation done");
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // else the replay's rows equal the deleted block's, which insert deduplication remembers

        await rig.ProcessAsync(Batch(evt));

        var person = await rig.PostgresPersonOfAsync("fresh-1");
        Assert.Equal(person, await rig.ClickHousePersonOfAsync("fresh-1"));
        Assert.NotNull(await rig.ClickHousePersonAsync(person!.Value));
    }

    [Fact]
    public async Task A_person_change_just_before_a_crash_reaches_ClickHouse_on_the_replay()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "change");
        await rig.ProcessAsync(Batch(Envelope(rig.Token, "first", "changer", new JsonObject { ["$set"] = new JsonObject { ["plan"] = "free" } })));
        var change = Envelope(rig.Token, "upgrade", "changer", new JsonObject { ["$set"] = new JsonObject { ["plan"] = "pro" } });
        await rig.ProcessAsync(Batch(change));
        // What a crash after the Postgres write and before the ClickHouse write leaves: the change only in Postgres.
        await rig.ClickHouse.ExecuteAsync("ALTER TABLE person DELETE WHERE version > 0");
        await KafkaTestClient.EventuallyAsync(async () => await rig.ScalarAsync("SELECT count() FROM person WHERE version > 0") == "0", TimeSpan.FromSeconds(30), "mutation done");
        var person = (await rig.PostgresPersonOfAsync("changer"))!.Value;
        Assert.Contains("\"free\"", (await rig.ClickHousePersonAsync(person))!.Value.Properties, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // else the replay's block equals the deleted one, which insert deduplication remembers

        await rig.ProcessAsync(Batch(change));

        Assert.Contains("\"pro\"", (await rig.ClickHousePersonAsync(person))!.Value.Properties, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merge_just_before_a_crash_deletes_the_merged_person_in_ClickHouse_on_the_replay()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "merge");
        // The source person holds two distinct ids; the merge moves both and deletes it.
        await rig.ProcessAsync(Batch(
            Envelope(rig.Token, "visit", "anon-m", new JsonObject { ["$set"] = new JsonObject { ["seen"] = "anon" } }),
            Envelope(rig.Token, "$create_alias", "anon-m", new JsonObject { ["alias"] = "anon-m2" }),
            Envelope(rig.Token, "signup", "user-m", new JsonObject { ["$set"] = new JsonObject { ["email"] = "m@example.com" } })));
        var source = (await rig.PostgresPersonOfAsync("anon-m"))!.Value;
        var target = (await rig.PostgresPersonOfAsync("user-m"))!.Value;
        var merge = Envelope(rig.Token, "$merge_dangerously", "user-m", new JsonObject { ["alias"] = "anon-m" });
        await rig.ProcessAsync(Batch(merge));
        Assert.Equal(1, await rig.PostgresPersonCountAsync());
        // What a crash after the Postgres write and before the ClickHouse write leaves: the merge only in Postgres.
        await rig.ClickHouse.ExecuteAsync($"ALTER TABLE person DELETE WHERE is_deleted = 1 OR (id = {ClickHouseLiteral.Uuid(target)} AND version > 0)");
        await rig.ClickHouse.ExecuteAsync("ALTER TABLE person_distinct_id2 DELETE WHERE version > 0");
        await KafkaTestClient.EventuallyAsync(async () => await rig.ScalarAsync("SELECT count() FROM person WHERE is_deleted = 1") == "0"
            && await rig.ScalarAsync("SELECT count() FROM person_distinct_id2 WHERE version > 0") == "0", TimeSpan.FromSeconds(30), "mutations done");
        Assert.Equal(source, await rig.ClickHousePersonOfAsync("anon-m2"));
        Assert.False((await rig.ClickHousePersonAsync(source))!.Value.Deleted);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // else the replay's blocks equal the deleted ones, which insert deduplication remembers

        await rig.ProcessAsync(Batch(merge));

        Assert.True((await rig.ClickHousePersonAsync(source))!.Value.Deleted);
        var merged = (await rig.ClickHousePersonAsync(target))!.Value;
        Assert.False(merged.Deleted);
        Assert.Contains("\"seen\"", merged.Properties, StringComparison.Ordinal);
        foreach (var distinctId in new[] { "anon-m", "anon-m2", "user-m" })
        {
            Assert.Equal(target, await rig.PostgresPersonOfAsync(distinctId));
            Assert.Equal(target, await rig.ClickHousePersonOfAsync(distinctId));
        }
    }

    [Fact]
    public async Task Events_that_change_nothing_write_no_person_rows()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "unchanged");
        // posthog-js repeats the same $set on every event: only the first one changes the person.
        var same = new JsonObject { ["$set"] = new JsonObject { ["last_seen_page"] = "/pricing" } };
        await rig.ProcessAsync(Batch([.. Enumerable.Range(0, 5).Select(i => Envelope(rig.Token, "$pageview", "steady", (JsonObject)same.DeepClone(), timestamp: Now.AddSeconds(i)))]));
        await rig.ProcessAsync(Batch([.. Enumerable.Range(5, 5).Select(i => Envelope(rig.Token, "$pageview", "steady", (JsonObject)same.DeepClone(), timestamp: Now.AddSeconds(i)))]));

        Assert.Equal(10, await rig.EventCountAsync());
        Assert.Equal("1", await rig.ScalarAsync("SELECT count() FROM person WHERE team_id = 1"));
        Assert.Equal("1", await rig.ScalarAsync("SELECT uniqExact(person_id) FROM events WHERE team_id = 1"));
    }

    [Fact]
    public async Task Events_with_an_unknown_token_are_dropped_and_counted()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "unknown");
        var factory = rig.Host.Services.GetRequiredService<IMeterFactory>();
        long dropped = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == IngestionTelemetry.Name && instrument.Name == "ingestion.events.dropped" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "reason", Value: "unknown_token" }) Interlocked.Add(ref dropped, value);
            }
        });
        listener.Start();
        _ = rig.Host.Services.GetRequiredService<IngestionTelemetry>(); // creates the meter the listener waits for

        await rig.ProcessAsync(Batch(Envelope("phc_nobody_has_this", "e", "x"), Envelope("phc_nobody_has_this", "e", "y"), Envelope(rig.Token, "e", "z")));

        Assert.Equal(2, Interlocked.Read(ref dropped));
        Assert.Equal(1, await rig.EventCountAsync());
        Assert.Equal(1, await rig.PostgresPersonCountAsync());
        Assert.Equal("1", await rig.ScalarAsync("SELECT count() FROM events"));
        Assert.Equal(0L, long.Parse((await rig.ScalarAsync("SELECT count() FROM events WHERE distinct_id IN ('x', 'y')"))!, CultureInfo.InvariantCulture));
    }
}
