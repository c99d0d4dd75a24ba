using System.Text.Json.Nodes;
using PostHog.Ingestion.Persons;
using PostHog.Ingestion.Tests.Fixtures;
using static PostHog.Ingestion.Tests.Fixtures.TestMessages;

namespace PostHog.Ingestion.Tests;

/// <summary>$set / $set_once / $unset and $process_person_profile through the real pipeline.</summary>
[Collection(StorageCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PersonPropertyTests(StorageFixture storage)
{
    [Fact]
    public async Task Set_overwrites_set_once_only_fills_and_unset_removes_each_event_seeing_its_own_result()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "props");
        var first = Envelope(rig.Token, "signup", "p-1", new JsonObject
        {
            ["$set"] = new JsonObject { ["plan"] = "free", ["temp"] = true },
            ["$set_once"] = new JsonObject { ["first_plan"] = "free" },
        });
        var second = Envelope(rig.Token, "upgrade", "p-1", new JsonObject
        {
            ["$set"] = new JsonObject { ["plan"] = "pro" },
            ["$set_once"] = new JsonObject { ["first_plan"] = "pro" },
            ["$unset"] = new JsonArray("temp"),
        });

        await rig.ProcessAsync(Batch(first, second));

        var person = (await rig.PostgresPersonOfAsync("p-1"))!.Value;
        var properties = JsonNode.Parse((await rig.PostgresScalarAsync<string>("SELECT properties::text FROM posthog_person WHERE uuid = $1", person))!)!.AsObject();
        Assert.Equal("pro", (string?)properties["plan"]);
        Assert.Equal("free", (string?)properties["first_plan"]);
        Assert.False(properties.ContainsKey("temp"));
        Assert.Equal(first.Uuid.ToString(), (string?)properties["$creator_event_uuid"]);
        Assert.True(await rig.PostgresScalarAsync<long>("SELECT version FROM posthog_person WHERE uuid = $1", person) >= 1);

        var stored = JsonNode.Parse((await rig.ClickHousePersonAsync(person))!.Value.Properties)!.AsObject();
        Assert.Equal("pro", (string?)stored["plan"]);
        Assert.False(stored.ContainsKey("temp"));
        var firstRow = JsonNode.Parse((await rig.EventColumnAsync(first.Uuid, "person_properties"))!)!.AsObject();
        var secondRow = JsonNode.Parse((await rig.EventColumnAsync(second.Uuid, "person_properties"))!)!.AsObject();
        Assert.Equal("free", (string?)firstRow["plan"]);
        Assert.True((bool?)firstRow["temp"]);
        Assert.Equal("pro", (string?)secondRow["plan"]);
        Assert.False(secondRow.ContainsKey("temp"));
        Assert.Equal("full", await rig.EventColumnAsync(second.Uuid, "person_mode"));
    }

    [Fact]
    public async Task Process_person_profile_false_writes_no_person_and_a_derived_person_id()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "personless");
        var personless = Envelope(rig.Token, "$pageview", "guest-1", new JsonObject
        {
            ["$process_person_profile"] = false,
            ["$set"] = new JsonObject { ["plan"] = "free" },
            ["$groups"] = new JsonObject { ["company"] = "acme" },
        });

        await rig.ProcessAsync(Batch(personless));

        Assert.Equal(0, await rig.PostgresPersonCountAsync());
        Assert.Null(await rig.ClickHousePersonOfAsync("guest-1"));
        Assert.Equal("propertyless", await rig.EventColumnAsync(personless.Uuid, "person_mode"));
        Assert.Equal(PersonUuid.FromDistinctId(1, "guest-1").ToString(), await rig.EventColumnAsync(personless.Uuid, "toString(person_id)"));
        Assert.Equal("{}", await rig.EventColumnAsync(personless.Uuid, "person_properties"));
        Assert.Equal("", await rig.EventColumnAsync(personless.Uuid, "`$group_0`"));
    }

    [Fact]
    public async Task A_personless_event_of_a_known_person_gets_that_person_without_changing_it()
    {
        await using var rig = await IngestionRig.CreateAsync(storage, "upgrade");
        await rig.ProcessAsync(Batch(Envelope(rig.Token, "signup", "known-1", new JsonObject { ["$set"] = new JsonObject { ["plan"] = "free" } })));
        var person = await rig.PostgresPersonOfAsync("known-1");

        var personless = Envelope(rig.Token, "$pageview", "known-1", new JsonObject { ["$process_person_profile"] = false, ["$set"] = new JsonObject { ["plan"] = "pro" } });
        await rig.ProcessAsync(Batch(personless));

        Assert.Equal("force_upgrade", await rig.EventColumnAsync(personless.Uuid, "person_mode"));
        Assert.Equal(person.ToString(), await rig.EventColumnAsync(personless.Uuid, "toString(person_id)"));
        Assert.Contains("\"plan\": \"free\"", await rig.PostgresScalarAsync<string>("SELECT properties::text FROM posthog_person WHERE uuid = $1", person!.Value), StringComparison.Ordinal);
    }
}
