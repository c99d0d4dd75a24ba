using System.Text.Json.Nodes;
using PostHog.Ingestion.Tests.Fixtures;
using static PostHog.Ingestion.Tests.Fixtures.TestMessages;

namespace PostHog.Ingestion.Tests;

/// <summary>$groupidentify and $groups through the real pipeline.</summary>
[Collection(StorageCollection.Name)]
[Trait("Category", "Integration")]
public sealed class GroupTests(StorageFixture storage)
{
    [Fact]
    public async Task Groupidentify_stores_the_group_and_later_events_carry_its_index_key_and_properties()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "groups");
        await rig.ProcessAsync(Batch(
            Envelope(rig.Token, "$groupidentify", "g-user", new JsonObject
            {
                ["$group_type"] = "company", ["$group_key"] = "acme", ["$group_set"] = new JsonObject { ["name"] = "Acme", ["seats"] = 10 },
            }),
            Envelope(rig.Token, "$groupidentify", "g-user", new JsonObject
            {
                ["$group_type"] = "project", ["$group_key"] = 42, ["$group_set"] = new JsonObject { ["name"] = "Rocket" },
            })));
        var evt = Envelope(rig.Token, "$pageview", "g-user", new JsonObject { ["$groups"] = new JsonObject { ["company"] = "acme", ["project"] = 42 } });

        await rig.ProcessAsync(Batch(evt));

        Assert.Equal(0, await rig.PostgresScalarAsync<int>("SELECT group_type_index FROM posthog_grouptypemapping WHERE team_id = 1 AND group_type = 'company'"));
        Assert.Equal(1, await rig.PostgresScalarAsync<int>("SELECT group_type_index FROM posthog_grouptypemapping WHERE team_id = 1 AND group_type = 'project'"));
        Assert.Contains("Acme", await rig.PostgresScalarAsync<string>("SELECT group_properties::text FROM posthog_group WHERE team_id = 1 AND group_key = 'acme'"), StringComparison.Ordinal);
        Assert.Contains("\"seats\":10", await rig.ScalarAsync("SELECT argMax(group_properties, version) FROM groups WHERE team_id = 1 AND group_type_index = 0 AND group_key = 'acme'"), StringComparison.Ordinal);
        Assert.Equal("acme", await rig.EventColumnAsync(evt.Uuid, "`$group_0`"));
        Assert.Equal("42", await rig.EventColumnAsync(evt.Uuid, "`$group_1`"));
        Assert.Contains("Acme", await rig.EventColumnAsync(evt.Uuid, "group0_properties"), StringComparison.Ordinal);
        Assert.Contains("Rocket", await rig.EventColumnAsync(evt.Uuid, "group1_properties"), StringComparison.Ordinal);
        Assert.Contains("\"$group_0\":\"acme\"", await rig.EventColumnAsync(evt.Uuid, "properties"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_groupidentify_updates_the_group_properties()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "groupset");
        await rig.ProcessAsync(Batch(Envelope(rig.Token, "$groupidentify", "g", new JsonObject
        {
            ["$group_type"] = "company", ["$group_key"] = "acme", ["$group_set"] = new JsonObject { ["plan"] = "free", ["name"] = "Acme" },
        })));

        await rig.ProcessAsync(Batch(Envelope(rig.Token, "$groupidentify", "g", new JsonObject
        {
            ["$group_type"] = "company", ["$group_key"] = "acme", ["$group_set"] = new JsonObject { ["plan"] = "pro" },
        })));

        var stored = JsonNode.Parse((await rig.ScalarAsync("SELECT argMax(group_properties, version) FROM groups WHERE team_id = 1 AND group_key = 'acme'"))!)!.AsObject();
        Assert.Equal("pro", (string?)stored["plan"]);
        Assert.Equal("Acme", (string?)stored["name"]);
    }

    [Fact]
    public async Task New_group_types_seen_at_the_same_time_each_get_their_own_index()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "grouprace");
        var store = new PostHog.Ingestion.Groups.GroupStore(rig.Postgres);

        // Five new types at once, over and over: the inserts that lose the race must try the next index.
        for (var round = 0; round < 20; round++)
        {
            await rig.PostgresScalarAsync<int>("DELETE FROM posthog_grouptypemapping WHERE team_id = 1");
            var types = Enumerable.Range(0, 5).Select(i => $"type-{round}-{i}").ToArray();
            var indexes = await Task.WhenAll(types.Select(type => Task.Run(() => store.GroupTypeIndexAsync(1, 1, type, CancellationToken.None))));

            Assert.All(indexes, index => Assert.NotNull(index));
            Assert.Equal([0, 1, 2, 3, 4], indexes.Select(i => i!.Value).Order());
            Assert.Null(await store.GroupTypeIndexAsync(1, 1, "a-sixth-type", CancellationToken.None));
            Assert.Equal(2, await store.GroupTypeIndexAsync(1, 1, types[Array.IndexOf(indexes, 2)], CancellationToken.None));
        }
    }
}
