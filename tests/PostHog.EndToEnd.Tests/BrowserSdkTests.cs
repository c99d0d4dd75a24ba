namespace PostHog.EndToEnd.Tests;

/// <summary>
/// posthog-js 1.449.2 (npm) in Debian Chromium (headless, Playwright) on a test site of its own origin, sending to the
/// ingress of the running system: $pageview, a custom event and identify, checked in ClickHouse and Postgres.
/// posthog-js also asks /flags and /array/&lt;token&gt;/config(.js); nothing here depends on their answers.
/// </summary>
[Collection(SystemCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class BrowserSdkTests(SystemFixture system, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Pageview_custom_event_and_identify_land_and_end_on_one_person()
    {
        var path = $"/shop/{Guid.NewGuid():N}";
        var user = $"js-user-{Guid.NewGuid():N}";
        var email = $"{user}@example.com";
        await using var visit = await system.VisitAsync(path);
        var anonymous = await visit.Page.EvaluateAsync<string>("() => posthog.get_distinct_id()");
        Assert.False(string.IsNullOrEmpty(anonymous), visit.Log);

        await visit.Page.EvaluateAsync("() => posthog.capture('e2e js clicked', { color: 'blue', n: 3, nested: { ok: true } })");
        await visit.Page.EvaluateAsync("([user, email]) => posthog.identify(user, { email, plan: 'team' }, { first_seen: '2024-02-02' })", new[] { user, email });
        await visit.Page.EvaluateAsync("() => posthog.capture('e2e js after identify', { step: 2 })");
        Assert.Equal(user, await visit.Page.EvaluateAsync<string>("() => posthog.get_distinct_id()"));

        string[] expected = ["$pageview", "e2e js clicked", "$identify", "e2e js after identify"];
        var events = (await WithBrowserLog(visit, () => system.ClickHouse.WaitForEventsAsync([anonymous, user],
            found => expected.All(name => found.Any(e => e.Event == name)), $"the browser's events {string.Join(", ", expected)}"))).DistinctBy(e => e.Uuid).ToList(); // each uuid once, see below
        Assert.All(expected, name => Assert.Single(events, e => e.Event == name));

        var site = await system.GetSiteAsync();
        var pageview = events.Single(e => e.Event == "$pageview");
        Assert.Equal(anonymous, pageview.DistinctId);
        Assert.Equal(site.PageUrl(path), pageview.Property("$current_url"));
        Assert.Equal(path, pageview.Property("$pathname"));
        Assert.Equal($"E2E {path}", pageview.Property("title"));
        Assert.Equal("web", pageview.Property("$lib"));
        Assert.Equal("1.449.2", pageview.Property("$lib_version"));
        Assert.Equal("Chrome", pageview.Property("$browser"));
        Assert.False(string.IsNullOrEmpty(pageview.Property("$session_id")), pageview.ToString());

        var clicked = events.Single(e => e.Event == "e2e js clicked");
        Assert.Equal(anonymous, clicked.DistinctId);
        Assert.Equal("blue", clicked.Property("color"));
        Assert.Equal("3", clicked.Property("n"));
        Assert.Equal("""{"ok":true}""", clicked.Property("nested"));
        Assert.Equal(pageview.Property("$session_id"), clicked.Property("$session_id"));

        // Before identify posthog-js sends $process_person_profile=false (person_profiles: identified_only): the
        // anonymous events are personless, or upgraded if ingestion saw the identify first (other partition key).
        Assert.All(new[] { pageview, clicked }, e => Assert.Contains(e.PersonMode, new[] { "propertyless", "force_upgrade" }));

        var identify = events.Single(e => e.Event == "$identify");
        Assert.Equal(user, identify.DistinctId);
        Assert.Equal(anonymous, identify.Property("$anon_distinct_id"));
        Assert.Equal("full", identify.PersonMode);
        Assert.Equal(email, identify.PersonProperty("email"));

        var after = events.Single(e => e.Event == "e2e js after identify");
        Assert.Equal(user, after.DistinctId);
        Assert.Equal("2", after.Property("step"));
        Assert.Equal("full", after.PersonMode);
        Assert.Equal(identify.PersonId, after.PersonId);
        Assert.Equal(email, after.PersonProperty("email"));
        Assert.Equal("team", after.PersonProperty("plan"));

        // The anonymous id and the identified id resolve to the same person, so queries attribute every event to it
        // (the personless events through person_distinct_id2, as PostHog's overrides do).
        Assert.Equal(identify.PersonId, await system.ClickHouse.WaitForSamePersonAsync([anonymous, user]));
        var person = await system.ClickHouse.WaitForPersonAsync(identify.PersonId, p => p?.Property("email") == email, "the identified person with its email");
        Assert.True(person!.IsIdentified, person.ToString());
        Assert.Equal("team", person.Property("plan"));
        Assert.Equal("2024-02-02", person.Property("first_seen"));

        await using var connection = await system.OpenPostgresAsync();
        await using var query = new Npgsql.NpgsqlCommand("""
            SELECT count(DISTINCT p.uuid), min(p.uuid::text)
            FROM posthog_persondistinctid d JOIN posthog_person p ON p.id = d.person_id
            WHERE d.team_id = @team AND d.distinct_id = ANY(@ids)
            """, connection);
        query.Parameters.AddWithValue("team", system.TeamId);
        query.Parameters.AddWithValue("ids", new[] { anonymous, user });
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((1L, identify.PersonId.ToString("D")), (reader.GetInt64(0), reader.GetString(1)));
        output.WriteLine(visit.Log);
    }

    [Fact]
    public async Task Leaving_a_page_sends_pageleave_and_the_next_pageview_by_beacon_or_fetch()
    {
        var path = $"/catalog/{Guid.NewGuid():N}";
        await using var visit = await system.VisitAsync(path);
        var anonymous = await visit.Page.EvaluateAsync<string>("() => posthog.get_distinct_id()");
        await visit.Page.EvaluateAsync("() => posthog.capture('e2e js before leaving', { shelf: 7 })");

        // Following the link unloads the page: posthog-js captures $pageleave and flushes its queue with sendBeacon.
        await visit.Page.ClickAsync("#next");
        await visit.Page.WaitForFunctionAsync("() => window.posthogLoaded === true && location.pathname === '/next'");

        IReadOnlyList<StoredEvent> events = await WithBrowserLog(visit, () => system.ClickHouse.WaitForEventsAsync([anonymous],
            found => found.Where(e => e.Event == "$pageview").DistinctBy(e => e.Uuid).Count() == 2 && found.Any(e => e.Event == "$pageleave") && found.Any(e => e.Event == "e2e js before leaving"),
            "two $pageviews, the $pageleave and the event queued before leaving"));
        // A browser may deliver an event twice (a fetch still in flight when the unload beacon resends the queue);
        // like PostHog's ReplacingMergeTree, count each uuid once.
        events = events.DistinctBy(e => e.Uuid).ToList();
        output.WriteLine(visit.Log);
        output.WriteLine(StoredEvent.Describe(events));

        var leave = events.Single(e => e.Event == "$pageleave");
        Assert.Equal(path, leave.Property("$pathname"));
        var first = events.Single(e => e.Event == "$pageview" && e.Property("$pathname") == path);
        Assert.Equal(first.Property("$pageview_id"), leave.Property("$prev_pageview_id"));
        Assert.Equal("7", events.Single(e => e.Event == "e2e js before leaving").Property("shelf"));
        Assert.Single(events, e => e.Event == "$pageview" && e.Property("$pathname") == "/next");
        Assert.Single(events.Select(e => e.Property("$session_id")).Distinct());
    }

    /// <summary>Adds the browser's console and network log to a failed wait.</summary>
    private static async Task<T> WithBrowserLog<T>(BrowserVisit visit, Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\n--- browser (console, errors, responses)\n{visit.Log}");
        }
    }
}
