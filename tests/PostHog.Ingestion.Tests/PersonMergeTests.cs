using System.Text.Json.Nodes;
using PostHog.Ingestion.Persons;
using PostHog.Ingestion.Tests.Fixtures;
using static PostHog.Ingestion.Tests.Fixtures.TestMessages;

namespace PostHog.Ingestion.Tests;

/// <summary>$identify, $create_alias and $merge_dangerously through the real pipeline, Postgres and a ClickHouse cluster.</summary>
[Collection(StorageCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PersonMergeTests(StorageFixture storage)
{
    [Fact]
    public async Task Identify_attaches_the_anonymous_id_to_the_identified_one_and_marks_the_person_identified()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "identify");
        var pageview = Envelope(rig.Token, "$pageview", "anon-1", new JsonObject { ["$set"] = new JsonObject { ["plan"] = "free" } });
        var identify = Envelope(rig.Token, "$identify", "user-1", new JsonObject { ["$anon_distinct_id"] = "anon-1", ["$set"] = new JsonObject { ["email"] = "u1@example.com" } });

        await rig.ProcessAsync(Batch(pageview));
        await rig.ProcessAsync(Batch(identify));

        var person = await rig.PostgresPersonOfAsync("anon-1");
        Assert.Equal(PersonUuid.FromDistinctId(1, "anon-1"), person);
        Assert.Equal(person, await rig.PostgresPersonOfAsync("user-1"));
        Assert.Equal(1, await rig.PostgresPersonCountAsync());
        Assert.True(await rig.PostgresScalarAsync<bool>("SELECT is_identified FROM posthog_person WHERE uuid = $1", person!.Value));
        Assert.Equal(person, await rig.ClickHousePersonOfAsync("anon-1"));
        Assert.Equal(person, await rig.ClickHousePersonOfAsync("user-1"));
        var stored = await rig.ClickHousePersonAsync(person.Value);
        Assert.True(stored!.Value.Identified);
        Assert.Contains("\"plan\":\"free\"", stored.Value.Properties, StringComparison.Ordinal);
        Assert.Contains("\"email\":\"u1@example.com\"", stored.Value.Properties, StringComparison.Ordinal);
        // Persons on events: both rows carry the person, and the identify row the properties it set.
        Assert.Equal(person.ToString(), await rig.EventColumnAsync(pageview.Uuid, "toString(person_id)"));
        Assert.Equal(person.ToString(), await rig.EventColumnAsync(identify.Uuid, "toString(person_id)"));
        Assert.Contains("u1@example.com", await rig.EventColumnAsync(identify.Uuid, "person_properties"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identify_merges_two_persons_when_the_anonymous_one_is_not_identified_and_the_identified_one_wins_conflicts()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "merge");
        await rig.ProcessAsync(Batch(
            Envelope(rig.Token, "$pageview", "anon-2", new JsonObject { ["$set"] = new JsonObject { ["color"] = "red", ["anon_only"] = 1 } }, timestamp: Now.AddHours(-2)),
            Envelope(rig.Token, "$pageview", "user-2", new JsonObject { ["$set"] = new JsonObject { ["color"] = "blue" } }, timestamp: Now.AddHours(-1))));
        var source = (await rig.PostgresPersonOfAsync("anon-2"))!.Value;
        var target = (await rig.PostgresPersonOfAsync("user-2"))!.Value;
        Assert.NotEqual(source, target);

        await rig.ProcessAsync(Batch(Envelope(rig.Token, "$identify", "user-2", new JsonObject { ["$anon_distinct_id"] = "anon-2" })));

        Assert.Equal(target, await rig.PostgresPersonOfAsync("anon-2"));
        Assert.Equal(1, await rig.PostgresPersonCountAsync());
        Assert.Equal(1L, await rig.PostgresScalarAsync<long>("SELECT version FROM posthog_persondistinctid WHERE team_id = 1 AND distinct_id = 'anon-2'"));
        var properties = await rig.PostgresScalarAsync<string>("SELECT properties::text FROM posthog_person WHERE uuid = $1", target);
        Assert.Contains("\"color\": \"blue\"", properties, StringComparison.Ordinal);
        Assert.Contains("\"anon_only\": 1", properties, StringComparison.Ordinal);
        // created_at is the earlier of the two persons'.
        Assert.Equal(Now.AddHours(-2).UtcDateTime, await rig.PostgresScalarAsync<DateTime>("SELECT created_at FROM posthog_person WHERE uuid = $1", target));

        Assert.Equal(target, await rig.ClickHousePersonOfAsync("anon-2"));
        Assert.True((await rig.ClickHousePersonAsync(source))!.Value.Deleted);
        var merged = (await rig.ClickHousePersonAsync(target))!.Value;
        Assert.False(merged.Deleted);
        Assert.True(merged.Identified);
        Assert.Contains("\"color\":\"blue\"", merged.Properties, StringComparison.Ordinal);
        Assert.Equal("1", await rig.ScalarAsync("SELECT count() FROM (SELECT id FROM person WHERE team_id = 1 GROUP BY id HAVING argMax(is_deleted, version) = 0)"));
    }

    [Fact]
    public async Task Create_alias_puts_both_ids_on_one_person()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "alias");
        await rig.ProcessAsync(Batch(Envelope(rig.Token, "$pageview", "user-3")));

        await rig.ProcessAsync(Batch(Envelope(rig.Token, "$create_alias", "user-3", new JsonObject { ["alias"] = "alias-3" })));

        var person = await rig.PostgresPersonOfAsync("user-3");
        Assert.Equal(person, await rig.PostgresPersonOfAsync("alias-3"));
        Assert.Equal(person, await rig.ClickHousePersonOfAsync("alias-3"));
        Assert.Equal(1, await rig.PostgresPersonCountAsync());
    }

    [Fact]
    public async Task Two_identified_persons_are_not_merged_by_identify_but_are_by_merge_dangerously()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "guard");
        await rig.ProcessAsync(Batch(
            Envelope(rig.Token, "$identify", "user-a", new JsonObject { ["$anon_distinct_id"] = "anon-a" }),
            Envelope(rig.Token, "$identify", "user-b", new JsonObject { ["$anon_distinct_id"] = "anon-b" })));
        var a = (await rig.PostgresPersonOfAsync("user-a"))!.Value;
        var b = (await rig.PostgresPersonOfAsync("user-b"))!.Value;

        var refused = Envelope(rig.Token, "$identify", "user-a", new JsonObject { ["$anon_distinct_id"] = "user-b" });
        await rig.ProcessAsync(Batch(refused));

        Assert.Equal(b, await rig.PostgresPersonOfAsync("user-b"));
        Assert.Equal(2, await rig.PostgresPersonCountAsync());
        var warning = Assert.Single(await rig.WarningsAsync("cannot_merge_already_identified"));
        Assert.Contains(refused.Uuid.ToString(), warning, StringComparison.Ordinal);
        Assert.Equal(a.ToString(), await rig.EventColumnAsync(refused.Uuid, "toString(person_id)"));

        await rig.ProcessAsync(Batch(Envelope(rig.Token, "$merge_dangerously", "user-a", new JsonObject { ["alias"] = "user-b" })));

        Assert.Equal(a, await rig.PostgresPersonOfAsync("user-b"));
        Assert.Equal(a, await rig.PostgresPersonOfAsync("anon-b"));
        Assert.Equal(1, await rig.PostgresPersonCountAsync());
        Assert.Equal(a, await rig.ClickHousePersonOfAsync("anon-b"));
        Assert.True((await rig.ClickHousePersonAsync(b))!.Value.Deleted);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("Anonymous")]
    [InlineData("\"undefined\"")]
    [InlineData("  ")]
    public async Task An_illegal_id_is_never_merged_and_leaves_a_warning(string illegal)
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "illegal");
        var identify = Envelope(rig.Token, "$identify", "user-x", new JsonObject { ["$anon_distinct_id"] = illegal });

        await rig.ProcessAsync(Batch(identify));

        Assert.Null(await rig.PostgresPersonOfAsync(illegal));
        Assert.NotNull(await rig.PostgresPersonOfAsync("user-x"));
        Assert.False(await rig.PostgresScalarAsync<bool>("SELECT is_identified FROM posthog_person WHERE team_id = 1"));
        var warning = Assert.Single(await rig.WarningsAsync("cannot_merge_with_illegal_distinct_id"));
        Assert.Contains(identify.Uuid.ToString(), warning, StringComparison.Ordinal);
    }
}
