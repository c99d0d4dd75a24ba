using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PostHog.Flags;
using PostHog.Flags.Definitions;

namespace PostHog.Decide.Tests;

[Trait("Category", "Integration")]
public sealed class FlagsIntegrationTests(DecideFixture fixture) : IClassFixture<DecideFixture>
{
    private DecideStack Stack => fixture.Stack;
    private HttpClient Client => Stack.Client;

    [Fact]
    public async Task Stored_person_properties_decide_unless_the_request_overrides_them()
    {
        await Stack.FlagAsync("pro-users", Seed.Rollout(100, Seed.Person("plan", "pro")), name: "Pro users");
        await Stack.PersonAsync(new { plan = "pro" }, "stored-pro");
        await Stack.ChangedAsync("pro-users");

        var stored = await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "stored-pro" });
        var flag = stored.GetProperty("flags").GetProperty("pro-users");
        Assert.True(flag.GetProperty("enabled").GetBoolean());
        Assert.Equal("condition_match", flag.GetProperty("reason").GetProperty("code").GetString());
        Assert.Equal(0, flag.GetProperty("reason").GetProperty("condition_index").GetInt32());
        Assert.Equal("Matched condition set 1", flag.GetProperty("reason").GetProperty("description").GetString());
        Assert.Equal("Pro users", flag.GetProperty("metadata").GetProperty("description").GetString());
        Assert.Equal(1, flag.GetProperty("metadata").GetProperty("version").GetInt32());
        Assert.False(stored.GetProperty("errorsWhileComputingFlags").GetBoolean());
        Assert.True(Guid.TryParse(stored.GetProperty("requestId").GetString(), out _));

        var overridden = await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "stored-pro", person_properties = new { plan = "free" } });
        Assert.False(overridden.GetProperty("flags").GetProperty("pro-users").GetProperty("enabled").GetBoolean());

        var stranger = await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "nobody-stored" });
        Assert.Equal("no_condition_match", stranger.GetProperty("flags").GetProperty("pro-users").GetProperty("reason").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Static_and_property_cohorts_target_stored_people()
    {
        var staticCohort = await Stack.CohortAsync(null, isStatic: true);
        var dynamicCohort = await Stack.CohortAsync(new { type = "OR", values = new[] { new { type = "AND", values = new[] { Seed.Person("country", "NL") } } } });
        await Stack.FlagAsync("static-cohort-flag", Seed.Rollout(100, new { key = "id", value = staticCohort, type = "cohort" }));
        await Stack.FlagAsync("dynamic-cohort-flag", Seed.Rollout(100, new { key = "id", value = dynamicCohort, type = "cohort" }));
        var member = await Stack.PersonAsync(new { country = "DE" }, "static-member");
        await Stack.PersonAsync(new { country = "NL" }, "dutch-person");
        await Stack.ExecuteAsync("INSERT INTO posthog_cohortpeople (cohort_id, person_id) VALUES ($1, $2)", staticCohort, member);
        await Stack.ChangedAsync("dynamic-cohort-flag");

        var inStatic = (await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "static-member" })).GetProperty("flags");
        Assert.True(inStatic.GetProperty("static-cohort-flag").GetProperty("enabled").GetBoolean());
        Assert.False(inStatic.GetProperty("dynamic-cohort-flag").GetProperty("enabled").GetBoolean());

        var dutch = (await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "dutch-person" })).GetProperty("flags");
        Assert.False(dutch.GetProperty("static-cohort-flag").GetProperty("enabled").GetBoolean());
        Assert.True(dutch.GetProperty("dynamic-cohort-flag").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Group_flags_use_stored_group_properties_and_bucket_by_group_key()
    {
        await Stack.GroupTypeAsync("company", 0);
        await Stack.GroupAsync(0, "acme", new { tier = "enterprise" });
        await Stack.FlagAsync("enterprise-companies", new
        {
            aggregation_group_type_index = 0,
            groups = new[] { new { properties = new[] { new { key = "tier", value = "enterprise", type = "group", group_type_index = 0 } }, rollout_percentage = 100 } },
        });
        await Stack.ChangedAsync("enterprise-companies");

        var acme = (await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "u1", groups = new { company = "acme" } })).GetProperty("flags");
        Assert.True(acme.GetProperty("enterprise-companies").GetProperty("enabled").GetBoolean());
        var other = (await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "u1", groups = new { company = "globex" } })).GetProperty("flags");
        Assert.False(other.GetProperty("enterprise-companies").GetProperty("enabled").GetBoolean());
        var noGroup = (await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "u1" })).GetProperty("flags");
        Assert.Equal("no_group_type", noGroup.GetProperty("enterprise-companies").GetProperty("reason").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Experience_continuity_keeps_the_anonymous_bucket_after_identify()
    {
        // 50%: find an anonymous id and an identified id that land on different sides.
        await Stack.FlagAsync("continuity-flag", Seed.Rollout(50), continuity: true);
        await Stack.ChangedAsync("continuity-flag");
        var definitions = FlagDefinitions.Parse("""{"flags":[{"id":1,"key":"continuity-flag","filters":{"groups":[{"properties":[],"rollout_percentage":50}]}}]}""");
        bool Bucket(string id) => FlagEvaluator.EvaluateFlag(definitions, new EvaluationContext { DistinctId = id }, "continuity-flag")!.Enabled;
        var anon = Enumerable.Range(0, 100).Select(i => $"anon-{i}").First(Bucket);
        var user = Enumerable.Range(0, 100).Select(i => $"user-{i}").First(id => !Bucket(id));
        await Stack.PersonAsync(new { }, anon, user);

        var identified = await Client.PostFlagsAsync(new Dictionary<string, object> { ["token"] = Stack.Token, ["distinct_id"] = user, ["$anon_distinct_id"] = anon });
        Assert.True(identified.GetProperty("flags").GetProperty("continuity-flag").GetProperty("enabled").GetBoolean());
        var later = await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = user });
        Assert.True(later.GetProperty("flags").GetProperty("continuity-flag").GetProperty("enabled").GetBoolean());
        Assert.Equal(anon, await Stack.ScalarAsync<string>("SELECT hash_key FROM posthog_featureflaghashkeyoverride WHERE feature_flag_key = 'continuity-flag' LIMIT 1"));
    }

    [Fact]
    public async Task Holdouts_enrollment_and_dependencies_evaluate_on_the_server()
    {
        await Stack.FlagAsync("holdout-all", new
        {
            holdout = new { id = 7, exclusion_percentage = 100 },
            groups = new[] { new { properties = Array.Empty<object>(), rollout_percentage = 100 } },
        });
        await Stack.FlagAsync("beta-feature", new { feature_enrollment = true, groups = new[] { new { properties = Array.Empty<object>(), rollout_percentage = 0 } } });
        var parent = await Stack.FlagAsync("parent-flag", Seed.Rollout(100, Seed.Person("role", "admin")));
        await Stack.FlagAsync("child-flag", Seed.Rollout(100, new { key = parent.ToString(), type = "flag", value = true, @operator = "flag_evaluates_to", dependency_chain = new[] { parent } }));
        await Stack.PersonAsync(new Dictionary<string, object> { ["role"] = "admin", ["$feature_enrollment/beta-feature"] = true }, "enrolled-admin");
        await Stack.ChangedAsync("child-flag");

        var flags = (await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "enrolled-admin" })).GetProperty("flags");
        Assert.Equal("holdout_condition_value", flags.GetProperty("holdout-all").GetProperty("reason").GetProperty("code").GetString());
        Assert.Equal("holdout-7", flags.GetProperty("holdout-all").GetProperty("variant").GetString());
        Assert.Equal("super_condition_value", flags.GetProperty("beta-feature").GetProperty("reason").GetProperty("code").GetString());
        Assert.True(flags.GetProperty("beta-feature").GetProperty("enabled").GetBoolean());
        Assert.True(flags.GetProperty("child-flag").GetProperty("enabled").GetBoolean());

        var guest = (await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "guest", person_properties = new { role = "guest" } })).GetProperty("flags");
        Assert.False(guest.GetProperty("child-flag").GetProperty("enabled").GetBoolean());
        Assert.False(guest.GetProperty("beta-feature").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Every_version_of_decide_and_flags_has_its_shape()
    {
        await Stack.FlagAsync("shape-on", new
        {
            groups = new[] { new { properties = Array.Empty<object>(), rollout_percentage = 100 } },
            payloads = new Dictionary<string, string> { ["true"] = "{\"a\":1}" },
        });
        await Stack.FlagAsync("shape-variant", new
        {
            groups = new[] { new { properties = Array.Empty<object>(), rollout_percentage = 100, variant = "blue" } },
            multivariate = new { variants = new[] { new { key = "red", rollout_percentage = 50 }, new { key = "blue", rollout_percentage = 50 } } },
            payloads = new Dictionary<string, string> { ["blue"] = "{\"color\":\"blue\"}" },
        });
        await Stack.FlagAsync("shape-off", Seed.Rollout(0));
        await Stack.ChangedAsync("shape-off");
        var body = new { token = Stack.Token, distinct_id = "shape-user", flag_keys_to_evaluate = new[] { "shape-on", "shape-variant", "shape-off" } };

        var decideV1 = await Client.PostFlagsAsync(body, "/decide/");
        Assert.Equal(new[] { "shape-on", "shape-variant" }, decideV1.GetProperty("featureFlags").EnumerateArray().Select(e => e.GetString()!).Order().ToArray());
        Assert.True(decideV1.TryGetProperty("supportedCompression", out _));

        var decideV2 = (await Client.PostFlagsAsync(body, "/decide/?v=2")).GetProperty("featureFlags");
        Assert.True(decideV2.GetProperty("shape-on").GetBoolean());
        Assert.Equal("blue", decideV2.GetProperty("shape-variant").GetString());
        Assert.False(decideV2.TryGetProperty("shape-off", out _));

        foreach (var path in (string[])["/decide/?v=3", "/flags/?v=1"])
        {
            var legacy = await Client.PostFlagsAsync(body, path);
            Assert.False(legacy.GetProperty("featureFlags").GetProperty("shape-off").GetBoolean());
            Assert.Equal("blue", legacy.GetProperty("featureFlags").GetProperty("shape-variant").GetString());
            Assert.Equal("{\"color\":\"blue\"}", legacy.GetProperty("featureFlagPayloads").GetProperty("shape-variant").GetString());
            Assert.False(legacy.GetProperty("featureFlagPayloads").TryGetProperty("shape-off", out _));
            Assert.False(legacy.GetProperty("errorsWhileComputingFlags").GetBoolean());
        }

        foreach (var path in (string[])["/decide/?v=4", "/flags/?v=2", "/flags"])
        {
            var v2 = await Client.PostFlagsAsync(body, path);
            var variant = v2.GetProperty("flags").GetProperty("shape-variant");
            Assert.Equal("blue", variant.GetProperty("variant").GetString());
            Assert.Equal("{\"color\":\"blue\"}", variant.GetProperty("metadata").GetProperty("payload").GetString());
            Assert.Equal("out_of_rollout_bound", v2.GetProperty("flags").GetProperty("shape-off").GetProperty("reason").GetProperty("code").GetString());
            Assert.Equal(path is "/flags" or "/decide/?v=4", v2.TryGetProperty("supportedCompression", out _));
        }
    }

    [Fact]
    public async Task Bodies_arrive_as_gzip_base64_or_form_data_like_capture()
    {
        await Stack.FlagAsync("encoding-flag", Seed.Rollout(100));
        await Stack.ChangedAsync("encoding-flag");
        var json = JsonSerializer.SerializeToUtf8Bytes(new { token = Stack.Token, distinct_id = "enc" });
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(json);
        var base64 = Convert.ToBase64String(json);

        async Task Check(HttpContent content, string path)
        {
            using var response = await Client.PostAsync(path, content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("flags").GetProperty("encoding-flag").GetProperty("enabled").GetBoolean());
        }

        await Check(new ByteArrayContent(gzipped.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "/flags/?v=2");
        var gzipHeader = new ByteArrayContent(gzipped.ToArray());
        gzipHeader.Headers.ContentEncoding.Add("gzip");
        await Check(gzipHeader, "/flags/?v=2");
        await Check(new FormUrlEncodedContent([new("data", base64)]), "/flags/?v=2&compression=base64");
        await Check(new StringContent(base64, Encoding.ASCII, "text/plain"), "/flags/?v=2");
        await Check(new StringContent(Encoding.UTF8.GetString(json), Encoding.UTF8, "application/json"), "/decide/?v=4");
    }

    [Theory]
    [InlineData("{not json", "text/plain", "/flags/?v=2", 400, "malformed_data")]
    [InlineData("[1,2]", "application/json", "/flags/?v=2", 400, "malformed_data")]
    [InlineData("{\"distinct_id\":\"x\"}", "application/json", "/flags/?v=2", 401, "no_api_key")]
    [InlineData("{\"token\":\"phc_unknown\",\"distinct_id\":\"x\"}", "application/json", "/decide/?v=3", 401, "invalid_api_key")]
    [InlineData("{\"token\":\"TOKEN\"}", "application/json", "/flags/?v=2", 400, "missing_distinct_id")]
    [InlineData("{\"token\":\"TOKEN\",\"distinct_id\":{\"a\":1}}", "application/json", "/flags/?v=2", 400, "malformed_data")]
    [InlineData("\u001f\u008b\u0008garbage", "text/plain", "/flags/?v=2", 400, "malformed_data")]
    [InlineData("", "application/json", "/flags/?v=2", 400, "malformed_data")]
    [InlineData("data=%%%", "application/x-www-form-urlencoded", "/flags/?compression=base64", 400, "malformed_data")]
    public async Task Bad_input_is_a_4xx_json_error_never_a_500(string body, string contentType, string path, int status, string code)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body.Replace("TOKEN", Stack.Token)));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await Client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Get_head_and_options_answer_like_the_rust_service()
    {
        var get = await Client.GetFromJsonAsync<JsonElement>("/flags");
        Assert.Empty(get.GetProperty("flags").EnumerateObject());
        Assert.Equal("gzip-js", get.GetProperty("supportedCompression")[1].GetString());

        using var options = new HttpRequestMessage(HttpMethod.Options, "/flags/");
        options.Headers.Add("Origin", "http://app.example");
        using var preflight = await Client.SendAsync(options);
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("http://app.example", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/decide"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);

        var legacyGet = await Client.GetFromJsonAsync<JsonElement>($"/decide/?v=3&data={Uri.EscapeDataString(Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { token = Stack.Token, distinct_id = "get-user" })))}");
        Assert.False(legacyGet.GetProperty("errorsWhileComputingFlags").GetBoolean());
    }

    [Fact]
    public async Task Definitions_need_a_personal_key_and_answer_304_for_a_known_etag()
    {
        await Stack.FlagAsync("definitions-flag", Seed.Rollout(30), name: "Definitions");
        var cohort = await Stack.CohortAsync(new { type = "AND", values = new[] { Seed.Person("email", "@x.com", "icontains") } });
        await Stack.FlagAsync("definitions-cohort-flag", Seed.Rollout(100, new { key = "id", value = cohort, type = "cohort" }));
        await Stack.FlagAsync("definitions-inactive", Seed.Rollout(100), active: false);
        await Stack.ChangedAsync("definitions-cohort-flag");

        using var anonymous = await Client.GetAsync($"/flags/definitions?token={Stack.Token}&send_cohorts");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("authentication_error", JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());

        using var wrong = new HttpRequestMessage(HttpMethod.Get, $"/flags/definitions?token={Stack.Token}");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "phx_not_a_real_key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(wrong)).StatusCode);

        foreach (var path in (string[])[$"/flags/definitions?token={Stack.Token}&send_cohorts", $"/api/feature_flag/local_evaluation/?token={Stack.Token}&send_cohorts"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Stack.PersonalKey);
            using var response = await Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var etag = response.Headers.ETag!.Tag;
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var keys = body.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("key").GetString()).ToList();
            Assert.Contains("definitions-flag", keys);
            Assert.Contains("definitions-inactive", keys);
            Assert.True(body.GetProperty("cohorts").TryGetProperty(cohort.ToString(), out _));

            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Stack.PersonalKey);
            again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
            Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(again)).StatusCode);
        }

        using var withoutCohorts = new HttpRequestMessage(HttpMethod.Get, $"/flags/definitions?token={Stack.Token}");
        withoutCohorts.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Stack.PersonalKey);
        var plain = JsonDocument.Parse(await (await Client.SendAsync(withoutCohorts)).Content.ReadAsStringAsync()).RootElement;
        Assert.Empty(plain.GetProperty("cohorts").EnumerateObject());
    }

    [Fact]
    public async Task Remote_config_serves_json_and_script_for_known_tokens()
    {
        var config = await Client.GetFromJsonAsync<JsonElement>($"/array/{Stack.Token}/config");
        Assert.Equal("/i/v0/e/", config.GetProperty("analytics").GetProperty("endpoint").GetString());
        Assert.Contains("gzip-js", config.GetProperty("supportedCompression").EnumerateArray().Select(e => e.GetString()));
        Assert.False(config.GetProperty("sessionRecording").GetBoolean());

        using var script = await Client.GetAsync($"/array/{Stack.Token}/config.js");
        Assert.Equal("application/javascript", script.Content.Headers.ContentType!.MediaType);
        var text = await script.Content.ReadAsStringAsync();
        Assert.Contains($"window._POSTHOG_REMOTE_CONFIG[\"{Stack.Token}\"]", text);
        Assert.Contains("\"hasFeatureFlags\":", text);

        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/array/phc_unknown/config")).StatusCode);
    }

    [Fact]
    public async Task A_published_change_reaches_decide_at_once()
    {
        await Stack.FlagAsync("changing-flag", Seed.Rollout(0));
        await Stack.ChangedAsync("changing-flag");
        var before = await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "changer" });
        Assert.False(before.GetProperty("flags").GetProperty("changing-flag").GetProperty("enabled").GetBoolean());

        await Stack.ExecuteAsync("UPDATE posthog_featureflag SET filters = $1::jsonb, version = version + 1 WHERE key = 'changing-flag'", JsonSerializer.Serialize(Seed.Rollout(100)));
        await Stack.PublishChangeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        JsonElement flag;
        do
        {
            flag = (await Client.PostFlagsAsync(new { token = Stack.Token, distinct_id = "changer" })).GetProperty("flags").GetProperty("changing-flag");
        } while (!flag.GetProperty("enabled").GetBoolean() && DateTime.UtcNow < deadline && await Task.Delay(50).ContinueWith(_ => true));
        Assert.True(flag.GetProperty("enabled").GetBoolean());
        Assert.Equal(2, flag.GetProperty("metadata").GetProperty("version").GetInt32());
    }
}
