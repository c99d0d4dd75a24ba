using System.Net;
using System.Text.Json.Nodes;
using PostHog.Contracts.Flags;
using StackExchange.Redis;

namespace PostHog.Web.Tests.Integration;

[Collection(WebApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FeatureFlagApiTests(WebApiFixture fixture)
{
    private HttpClient Admin => fixture.ClientWithKey(WebApiFixture.DefaultKey);

    [Fact]
    public async Task A_flag_goes_through_create_list_retrieve_update_soft_delete_and_key_reuse()
    {
        var api = Admin;
        // The body of PostHog's API docs example, sent to @current with the trailing slash scripts use.
        var created = await api.OkAsync("POST", "/api/projects/@current/feature_flags/", """
            {"name":"Checkout v2","key":"checkout-v2","active":true,
             "filters":{"groups":[{"properties":[{"key":"email","type":"person","value":"@example.com","operator":"icontains"}],"rollout_percentage":50}],
                        "multivariate":{"variants":[{"key":"control","rollout_percentage":50},{"key":"test","rollout_percentage":50}]},
                        "payloads":{"test":{"color":"blue"}}}}
            """, HttpStatusCode.Created);
        var id = created["id"]!.GetValue<int>();
        Assert.Equal("checkout-v2", created["key"]!.GetValue<string>());
        Assert.Equal("Checkout v2", created["name"]!.GetValue<string>());
        Assert.Equal(1, created["version"]!.GetValue<int>());
        Assert.Equal("admin@localhost", created["created_by"]!["email"]!.GetValue<string>());
        Assert.Equal("""{"color":"blue"}""", created["filters"]!["payloads"]!["test"]!.GetValue<string>());
        Assert.False(created["deleted"]!.GetValue<bool>());
        Assert.Equal("ACTIVE", created["status"]!.GetValue<string>());
        Assert.Equal(id, await fixture.ScalarAsync<int>("SELECT id FROM posthog_featureflag WHERE key = 'checkout-v2' AND team_id = 1"));

        var list = await api.OkAsync("GET", "/api/projects/1/feature_flags/?search=CHECKOUT");
        Assert.Equal(1, list["count"]!.GetValue<int>());
        Assert.Null(list["next"]);
        Assert.Equal(id, list["results"]![0]!["id"]!.GetValue<int>());
        Assert.Equal(0, (await api.OkAsync("GET", "/api/projects/1/feature_flags/?search=checkout&active=false"))["count"]!.GetValue<int>());

        var fetched = await api.OkAsync("GET", $"/api/projects/1/feature_flags/{id}/");
        Assert.True(JsonNode.DeepEquals(created, fetched), fetched.ToJsonString());

        var patched = await api.OkAsync("PATCH", $"/api/projects/1/feature_flags/{id}/", """{"active":false,"name":"Checkout v2 (paused)"}""");
        Assert.Equal(2, patched["version"]!.GetValue<int>());
        Assert.False(patched["active"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(created["filters"], patched["filters"]));

        var put = await api.OkAsync("PUT", $"/api/projects/1/feature_flags/{id}/", """
            {"key":"checkout-v3","name":"renamed","active":true,"filters":{"groups":[{"properties":[],"rollout_percentage":10}]}}
            """);
        Assert.Equal(("checkout-v3", 3, true), (put["key"]!.GetValue<string>(), put["version"]!.GetValue<int>(), put["is_simple_flag"]!.GetValue<bool>()));
        Assert.Equal(10, put["rollout_percentage"]!.GetValue<int>());

        // PostHog's delete: PATCH deleted=true. Gone from lists, still retrievable, key free again.
        var deleted = await api.OkAsync("PATCH", $"/api/projects/1/feature_flags/{id}/", """{"deleted":true}""");
        Assert.True(deleted["deleted"]!.GetValue<bool>());
        Assert.Equal(0, (await api.OkAsync("GET", "/api/projects/1/feature_flags/?search=checkout"))["count"]!.GetValue<int>());
        Assert.True((await api.OkAsync("GET", $"/api/projects/1/feature_flags/{id}/"))["deleted"]!.GetValue<bool>());
        var again = await api.OkAsync("POST", "/api/projects/1/feature_flags/", """{"key":"checkout-v3"}""", HttpStatusCode.Created);
        Assert.NotEqual(id, again["id"]!.GetValue<int>());
        Assert.Equal(404, (int)(await api.SendAsync("GET", $"/api/projects/1/feature_flags/{id}/")).Status);

        // DELETE does the same soft delete.
        var (status, body) = await api.SendAsync("DELETE", $"/api/projects/1/feature_flags/{again["id"]}/");
        Assert.Equal((HttpStatusCode.NoContent, null), (status, body));
        Assert.True(await fixture.ScalarAsync<bool>("SELECT deleted FROM posthog_featureflag WHERE id = $1", again["id"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Keys_are_checked_authenticated_and_scoped_to_their_project()
    {
        var (status, body) = await fixture.Client.SendAsync("GET", "/api/projects/1/feature_flags/");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(ApiCalls.Error("authentication_error", "not_authenticated", "Authentication credentials were not provided."), body!.ToJsonString());

        (status, body) = await fixture.ClientWithKey("phx_not_a_real_key").SendAsync("GET", "/api/projects/1/feature_flags/");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(ApiCalls.Error("authentication_error", "authentication_failed", "Personal API key found in request Authorization header is invalid."), body!.ToJsonString());

        // The key may also come in the query string or the body, as PostHog allows.
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.SendAsync("GET", $"/api/projects/1/feature_flags/?personal_api_key={WebApiFixture.DefaultKey}")).Status);
        var viaBody = await fixture.Client.OkAsync("POST", "/api/projects/1/feature_flags/", $$"""{"personal_api_key":"{{WebApiFixture.DefaultKey}}","key":"via-body"}""", HttpStatusCode.Created);
        Assert.Equal("via-body", viaBody["key"]!.GetValue<string>());
        Assert.NotNull(await fixture.ScalarAsync<DateTime?>("SELECT last_used_at FROM posthog_personalapikey WHERE id = 'default'"));

        var readOnly = fixture.ClientWithKey(await fixture.CreateKeyAsync(["feature_flag:read"]));
        Assert.Equal(HttpStatusCode.OK, (await readOnly.SendAsync("GET", "/api/projects/@current/feature_flags/")).Status);
        (status, body) = await readOnly.SendAsync("POST", "/api/projects/@current/feature_flags/", """{"key":"nope"}""");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ApiCalls.Error("authentication_error", "permission_denied", "API key missing required scope 'feature_flag:write'"), body!.ToJsonString());
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.SendAsync("GET", "/api/projects/1/cohorts/")).Status);

        var otherTeamKey = fixture.ClientWithKey(await fixture.CreateKeyAsync(["*"], [999]));
        (status, body) = await otherTeamKey.SendAsync("GET", "/api/projects/1/feature_flags/");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(ApiCalls.Error("authentication_error", "permission_denied", "API key does not have access to the requested project: ID 1."), body!.ToJsonString());

        (status, body) = await Admin.SendAsync("GET", "/api/projects/424242/feature_flags/");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(ApiCalls.Error("invalid_request", "not_found", "Not found."), body!.ToJsonString());

        // A project of an organization the user is not a member of.
        await fixture.ExecuteAsync("""
            INSERT INTO posthog_organization (id, name) VALUES ('00000000-0000-7000-8000-0000000000aa', 'Other') ON CONFLICT DO NOTHING;
            INSERT INTO posthog_project (id, organization_id, name) VALUES (77, '00000000-0000-7000-8000-0000000000aa', 'Other') ON CONFLICT DO NOTHING;
            INSERT INTO posthog_team (id, uuid, organization_id, project_id, api_token, name)
            VALUES (77, '00000000-0000-7000-8000-0000000000bb', '00000000-0000-7000-8000-0000000000aa', 77, 'phc_other_team', 'Other') ON CONFLICT DO NOTHING;
            """);
        (status, body) = await Admin.SendAsync("GET", "/api/projects/77/feature_flags/");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("permission_denied", body!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.SendAsync("GET", "/api/projects/1/feature_flags/abc/")).Status);
    }

    [Fact]
    public async Task Bad_requests_are_400s_in_DRFs_shape_never_500s()
    {
        var api = Admin;
        var (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", """{"key": "broken", """);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("invalid_request", "parse_error"), (body!["type"]!.GetValue<string>(), body["code"]!.GetValue<string>()));

        (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", "[1,2]");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(ApiCalls.Error("validation_error", "invalid", "Invalid data. Expected a dictionary, but got list.", "non_field_errors"), body!.ToJsonString());

        (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", """
            {"key":"bad-variants","filters":{"groups":[{"properties":[]}],"multivariate":{"variants":[{"key":"a","rollout_percentage":70},{"key":"b","rollout_percentage":20}]}}}
            """);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(ApiCalls.Error("validation_error", "invalid_input", "Invalid variant definitions: Variant rollout percentages must sum to 100.", "filters"), body!.ToJsonString());

        (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", """
            {"key":"bad-cohort","filters":{"groups":[{"properties":[{"key":"id","type":"cohort","value":987654}]}]}}
            """);
        Assert.Equal(ApiCalls.Error("validation_error", "cohort_does_not_exist", "Cohort with id 987654 does not exist", "filters"), body!.ToJsonString());

        (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", """{"key":"with space"}""");
        Assert.Equal(ApiCalls.Error("validation_error", "invalid_key", "Only letters, numbers, hyphens (-) & underscores (_) are allowed.", "key"), body!.ToJsonString());

        await api.OkAsync("POST", "/api/projects/1/feature_flags/", """{"key":"taken"}""", HttpStatusCode.Created);
        (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", """{"key":"taken"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(ApiCalls.Error("validation_error", "unique", "There is already a feature flag with this key.", "key"), body!.ToJsonString());

        (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", """{"key":"dep","filters":{"groups":[{"properties":[{"key":"taken","type":"flag","value":true,"operator":"flag_evaluates_to"}]}]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Flag dependencies must reference flag IDs (integers), not flag keys. Invalid reference: 'taken'", body!["detail"]!.GetValue<string>());

        (status, _) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", "key=form-flag&active=false", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.Created, status);

        // Input Postgres cannot store (NUL characters) is the client's fault, not a 500.
        (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", """{"key":"nul-name","name":"a\u0000b"}""");
        Assert.Equal(ApiCalls.Error("validation_error", "null_characters_not_allowed", "Null characters are not allowed.", "name"), body!.ToJsonString());
        (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", """{"key":"nul-filter","filters":{"groups":[{"properties":[{"key":"a","type":"person","value":"x\u0000"}]}]}}""");
        Assert.Equal((HttpStatusCode.BadRequest, "validation_error"), (status, body!["type"]!.GetValue<string>()));
        (status, body) = await api.SendAsync("GET", "/api/projects/1/feature_flags/?search=%00");
        Assert.Equal((HttpStatusCode.BadRequest, "validation_error"), (status, body!["type"]!.GetValue<string>()));

        (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/5/", "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal(ApiCalls.Error("invalid_request", "method_not_allowed", "Method \"POST\" not allowed."), body!.ToJsonString());
        (status, body) = await api.SendAsync("GET", "/api/no_such_thing/");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(ApiCalls.Error("invalid_request", "not_found", "Not found."), body!.ToJsonString());
    }

    [Fact]
    public async Task A_stale_version_with_conflicting_changes_is_a_409()
    {
        var api = Admin;
        var flag = await api.OkAsync("POST", "/api/projects/1/feature_flags/", """{"key":"contended","name":"original"}""", HttpStatusCode.Created);
        var id = flag["id"]!.GetValue<int>();
        await api.OkAsync("PATCH", $"/api/projects/1/feature_flags/{id}/", """{"name":"someone else"}""");
        var (status, body) = await api.SendAsync("PATCH", $"/api/projects/1/feature_flags/{id}/", """{"name":"mine","version":1,"original_flag":{"name":"original"}}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(ApiCalls.Error("invalid_request", "conflict", "The feature flag was updated by admin@localhost since you started editing it. Please refresh and try again."), body!.ToJsonString());
        // No original copy: last writer wins, as in PostHog.
        Assert.Equal(3, (await api.OkAsync("PATCH", $"/api/projects/1/feature_flags/{id}/", """{"name":"mine","version":1}"""))["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Every_change_invalidates_Decides_cache_for_the_team()
    {
        var database = fixture.Redis.GetDatabase();
        await database.StringSetAsync(FlagCache.DefinitionsKey(1), "stale");
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriber = fixture.Redis.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(FlagCache.ChangedChannel), (_, message) => received.TrySetResult(message!));
        try
        {
            await Admin.OkAsync("POST", "/api/projects/1/feature_flags/", """{"key":"cache-buster"}""", HttpStatusCode.Created);
            Assert.Equal("1", await received.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.False(await database.KeyExistsAsync(FlagCache.DefinitionsKey(1)));
        }
        finally
        {
            await subscriber.UnsubscribeAsync(RedisChannel.Literal(FlagCache.ChangedChannel));
        }
    }

    [Fact]
    public async Task Projects_users_and_the_environments_spelling_answer_like_PostHog()
    {
        var api = Admin;
        var me = await api.OkAsync("GET", "/api/users/@me/");
        Assert.Equal("admin@localhost", me["email"]!.GetValue<string>());
        Assert.Equal(1, me["team"]!["id"]!.GetValue<int>());
        Assert.Equal("Default organization", me["organization"]!["name"]!.GetValue<string>());

        var projects = await api.OkAsync("GET", "/api/projects/");
        Assert.Contains(projects["results"]!.AsArray(), p => p!["id"]!.GetValue<int>() == 1);
        Assert.DoesNotContain(projects["results"]!.AsArray(), p => p!["id"]!.GetValue<int>() == 77);
        var project = await api.OkAsync("GET", "/api/projects/@current/");
        Assert.StartsWith("phc_", project["api_token"]!.GetValue<string>());

        var viaEnvironment = await api.OkAsync("POST", "/api/environments/1/feature_flags/", """{"key":"env-flag"}""", HttpStatusCode.Created);
        var viaProject = await api.OkAsync("GET", $"/api/projects/1/feature_flags/{viaEnvironment["id"]}");
        Assert.Equal("env-flag", viaProject["key"]!.GetValue<string>());
    }
}
