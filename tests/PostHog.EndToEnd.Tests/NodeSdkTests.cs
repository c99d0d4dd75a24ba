using Npgsql;

namespace PostHog.EndToEnd.Tests;

/// <summary>
/// posthog-node 5.70.0 (npm) → ingress → capture → Kafka → ingestion → ClickHouse/Postgres, on the running system.
/// Each test uses its own distinct ids. Where ingestion order matters across distinct ids (which ingestion processes
/// concurrently, as PostHog does), the SDK is run twice with a wait in between, as a real app's later request would be.
/// </summary>
[Collection(SystemCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class NodeSdkTests(SystemFixture system)
{
    [Fact]
    public async Task Captured_events_land_once_each_with_their_properties()
    {
        var user = $"node-count-{Guid.NewGuid():N}";
        var firstUuid = Guid.CreateVersion7();
        // 28 events: more than posthog-node's flushAt (20), so they travel as more than one /batch/ request.
        var calls = Enumerable.Range(0, 25).Select(i => PostHogNode.Capture(user, "e2e node counted",
                new Dictionary<string, object> { ["n"] = i, ["plan"] = "pro", ["price"] = 9.5, ["paid"] = true, ["tags"] = new[] { "a", "b" }, ["nested"] = new { level = new { deep = "yes" } } },
                uuid: i == 0 ? firstUuid : null))
            .Concat(Enumerable.Range(0, 3).Select(i => PostHogNode.Capture(user, "e2e node other", new { n = 100 + i })));

        var report = await system.RunPostHogNodeAsync(calls);

        Assert.All(report.GetProperty("requests").EnumerateArray(), r => Assert.EndsWith("/batch/", r.GetProperty("url").GetString()));
        var events = await system.ClickHouse.WaitForEventsAsync([user], found => found.Count >= 28, "28 posthog-node events");
        await Task.Delay(TimeSpan.FromSeconds(2)); // anything extra (a duplicate) would arrive now
        events = await system.ClickHouse.EventsAsync([user]);

        Assert.Equal(28, events.Count);
        Assert.Equal(28, events.Select(e => e.Uuid).Distinct().Count());
        Assert.Equal(new Dictionary<string, int> { ["e2e node counted"] = 25, ["e2e node other"] = 3 },
            events.GroupBy(e => e.Event).ToDictionary(g => g.Key, g => g.Count()));
        var counted = events.Where(e => e.Event == "e2e node counted").ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => i.ToString()), counted.Select(e => e.Property("n")!).OrderBy(int.Parse));
        Assert.Equal(Enumerable.Range(100, 3).Select(i => i.ToString()), events.Where(e => e.Event == "e2e node other").Select(e => e.Property("n")!).Order());
        var first = Assert.Single(events, e => e.Uuid == firstUuid);
        Assert.Equal("0", first.Property("n"));
        Assert.All(counted, e =>
        {
            Assert.Equal("pro", e.Property("plan"));
            Assert.Equal("9.5", e.Property("price"));
            Assert.Equal("true", e.Property("paid"));
            Assert.Equal("""["a","b"]""", e.Property("tags"));
            Assert.Equal("""{"level":{"deep":"yes"}}""", e.Property("nested"));
            Assert.Equal("posthog-node", e.Property("$lib"));
            Assert.Equal("5.70.0", e.Property("$lib_version"));
            Assert.Equal(user, e.DistinctId);
        });
        // posthog-node does not send $process_person_profile, so every event is processed with a person, the same one.
        Assert.All(events, e => Assert.Equal("full", e.PersonMode));
        Assert.Single(events.Select(e => e.PersonId).Distinct());
        Assert.NotEqual(Guid.Empty, events[0].PersonId);
        Assert.Equal(events[0].PersonId, (await system.ClickHouse.PersonIdsAsync([user]))[user]);
    }

    [Fact]
    public async Task Identify_puts_the_anonymous_and_the_identified_id_on_one_person_with_its_properties()
    {
        var anonymous = $"node-anon-{Guid.NewGuid():N}";
        var user = $"node-user-{Guid.NewGuid():N}";
        var email = $"{user}@example.com";

        await system.RunPostHogNodeAsync([
            PostHogNode.Capture(anonymous, "e2e node anonymous view", new { page = "/pricing" }),
            PostHogNode.Capture(anonymous, "e2e node anonymous view", new { page = "/signup" }),
        ]);
        var anonymousEvents = await system.ClickHouse.WaitForEventsAsync([anonymous], found => found.Count == 2, "the two anonymous events");
        var anonymousPerson = Assert.Single(anonymousEvents.Select(e => e.PersonId).Distinct());

        await system.RunPostHogNodeAsync([
            PostHogNode.Identify(user, new Dictionary<string, object>
            {
                ["$anon_distinct_id"] = anonymous,
                ["$set"] = new { email, plan = "pro" },
                ["$set_once"] = new { first_seen = "2024-01-01" },
            }),
            PostHogNode.Capture(user, "e2e node purchase", new { amount = 42, currency = "EUR" }),
        ]);

        // The identified id joins the anonymous id's person (the one that already existed).
        var person = await system.ClickHouse.WaitForSamePersonAsync([anonymous, user]);
        Assert.Equal(anonymousPerson, person);
        var events = await system.ClickHouse.WaitForEventsAsync([anonymous, user], found => found.Count == 4, "2 anonymous events, $identify and the purchase");
        Assert.Equal(["$identify", "e2e node anonymous view", "e2e node anonymous view", "e2e node purchase"], events.Select(e => e.Event).Order(StringComparer.Ordinal));
        Assert.All(events, e => Assert.Equal(person, e.PersonId));

        var identify = Assert.Single(events, e => e.Event == "$identify");
        Assert.Equal(user, identify.DistinctId);
        Assert.Equal(anonymous, identify.Property("$anon_distinct_id"));
        var purchase = Assert.Single(events, e => e.Event == "e2e node purchase");
        Assert.Equal("42", purchase.Property("amount"));
        Assert.Equal("EUR", purchase.Property("currency"));
        // Events carry the person's properties as they were when the event was processed (after $identify: same distinct id, in order).
        Assert.Equal(email, purchase.PersonProperty("email"));
        Assert.Equal("pro", purchase.PersonProperty("plan"));

        var stored = await system.ClickHouse.WaitForPersonAsync(person, p => p?.Property("email") == email, "the person to have the identified email");
        Assert.True(stored!.IsIdentified, stored.ToString());
        Assert.Equal("pro", stored.Property("plan"));
        Assert.Equal("2024-01-01", stored.Property("first_seen"));

        // Postgres, the source of truth, agrees.
        await using var connection = await system.OpenPostgresAsync();
        await using var query = new NpgsqlCommand("""
            SELECT d.distinct_id, p.uuid, p.is_identified, p.properties->>'email'
            FROM posthog_persondistinctid d JOIN posthog_person p ON p.id = d.person_id
            WHERE d.team_id = @team AND d.distinct_id = ANY(@ids)
            """, connection);
        query.Parameters.AddWithValue("team", system.TeamId);
        query.Parameters.AddWithValue("ids", new[] { anonymous, user });
        var rows = new List<(string DistinctId, Guid Uuid, bool Identified, string? Email)>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetGuid(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        Assert.Equal(new[] { anonymous, user }.Order(StringComparer.Ordinal), rows.Select(r => r.DistinctId).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal((person, true, email), (r.Uuid, r.Identified, r.Email)));
    }

    [Fact]
    public async Task Alias_merges_two_existing_persons_into_the_aliasing_one()
    {
        var main = $"node-main-{Guid.NewGuid():N}";
        var legacy = $"node-legacy-{Guid.NewGuid():N}";

        await system.RunPostHogNodeAsync([
            PostHogNode.Capture(main, "e2e node signed up", new Dictionary<string, object> { ["$set"] = new { name = "Main", tier = "gold" } }),
            PostHogNode.Capture(legacy, "e2e node legacy visit", new Dictionary<string, object> { ["$set"] = new { name = "Legacy", legacy_plan = "old" } }),
        ]);
        var before = await system.ClickHouse.WaitForEventsAsync([main, legacy], found => found.Count == 2, "one event for each of the two ids");
        var mainPerson = before.Single(e => e.DistinctId == main).PersonId;
        var legacyPerson = before.Single(e => e.DistinctId == legacy).PersonId;
        Assert.NotEqual(mainPerson, legacyPerson);

        await system.RunPostHogNodeAsync([PostHogNode.Alias(main, legacy)]);

        // The alias (source) person is not identified, so it is merged into the distinct id's person and deleted.
        Assert.Equal(mainPerson, await system.ClickHouse.WaitForSamePersonAsync([main, legacy]));
        await system.ClickHouse.WaitForPersonAsync(legacyPerson, p => p is null, $"the merged-away person {legacyPerson} to be deleted");
        var merged = await system.ClickHouse.WaitForPersonAsync(mainPerson, p => p?.Property("legacy_plan") == "old", "the surviving person to have the merged properties");
        Assert.Equal("Main", merged!.Property("name")); // on a conflict the surviving person's value wins
        Assert.Equal("gold", merged.Property("tier"));
        Assert.True(merged.IsIdentified, merged.ToString());
        var alias = (await system.ClickHouse.WaitForEventsAsync([main], found => found.Any(e => e.Event == "$create_alias"), "the $create_alias event"))
            .Single(e => e.Event == "$create_alias");
        Assert.Equal(legacy, alias.Property("alias"));
        Assert.Equal(mainPerson, alias.PersonId);

        // A later event of the old id lands on the surviving person, with its merged properties.
        await system.RunPostHogNodeAsync([PostHogNode.Capture(legacy, "e2e node after alias")]);
        var after = (await system.ClickHouse.WaitForEventsAsync([legacy], found => found.Any(e => e.Event == "e2e node after alias"), "the event after the alias"))
            .Single(e => e.Event == "e2e node after alias");
        Assert.Equal(mainPerson, after.PersonId);
        Assert.Equal("Main", after.PersonProperty("name"));
        Assert.Equal("old", after.PersonProperty("legacy_plan"));

        await using var connection = await system.OpenPostgresAsync();
        await using var gone = new NpgsqlCommand("SELECT count(*) FROM posthog_person WHERE team_id = @team AND uuid = @uuid", connection);
        gone.Parameters.AddWithValue("team", system.TeamId);
        gone.Parameters.AddWithValue("uuid", legacyPerson);
        Assert.Equal(0L, await gone.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Group_identify_stores_the_group_and_later_events_carry_its_key_and_properties()
    {
        var company = $"acme-{Guid.NewGuid():N}";
        var user = $"node-member-{Guid.NewGuid():N}";

        await system.RunPostHogNodeAsync([PostHogNode.GroupIdentify("company", company, new { name = "Acme Inc", employees = 250 })]);

        var index = await system.ClickHouse.WaitForAsync(GroupTypeIndexAsync, i => i is not null, "the group type 'company' in posthog_grouptypemapping", i => i?.ToString() ?? "none");
        var group = await system.ClickHouse.WaitForGroupAsync(index!.Value, company, g => g?.Property("name") == "Acme Inc", "the company group with its properties");
        Assert.Equal("250", group!.Property("employees"));
        var groupIdentify = Assert.Single(await system.ClickHouse.WaitForEventsAsync([$"$company_{company}"], found => found.Count > 0, "the $groupidentify event"));
        Assert.Equal("$groupidentify", groupIdentify.Event);
        Assert.Equal("company", groupIdentify.Property("$group_type"));
        Assert.Equal(company, groupIdentify.Property("$group_key"));

        await system.RunPostHogNodeAsync([PostHogNode.Capture(user, "e2e node team action", new { seats = 5 }, groups: new Dictionary<string, string> { ["company"] = company })]);

        var evt = Assert.Single(await system.ClickHouse.WaitForEventsAsync([user], found => found.Count > 0, "the grouped event"));
        Assert.Equal(company, evt.GroupKeys[index.Value]);
        Assert.Equal("Acme Inc", Json.Value(evt.GroupProperties[index.Value], "name"));
        Assert.Equal("250", Json.Value(evt.GroupProperties[index.Value], "employees"));
        Assert.Equal($$"""{"company":"{{company}}"}""", evt.Property("$groups"));
        Assert.Equal("5", evt.Property("seats"));
    }

    private async Task<int?> GroupTypeIndexAsync(CancellationToken cancellationToken)
    {
        await using var connection = await system.OpenPostgresAsync(cancellationToken);
        await using var query = new NpgsqlCommand("SELECT group_type_index FROM posthog_grouptypemapping WHERE team_id = @team AND group_type = 'company'", connection);
        query.Parameters.AddWithValue("team", system.TeamId);
        return await query.ExecuteScalarAsync(cancellationToken) as int?;
    }
}
