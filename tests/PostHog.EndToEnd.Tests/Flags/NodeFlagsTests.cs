using System.Text.Json;

namespace PostHog.EndToEnd.Tests.Flags;

/// <summary>posthog-node against the running system: remote flags (getFeatureFlag, getAllFlagsAndPayloads, payloads) and local evaluation with the personal API key agreeing with the server for every flag.</summary>
[Collection(SystemCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class NodeFlagsTests(SystemFixture fixture)
{
    [Fact]
    public async Task Local_evaluation_agrees_with_server_evaluation_for_every_flag_over_thousands_of_distinct_ids()
    {
        var prefix = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var cohort = await FlagSeed.CohortAsync(fixture, new { type = "OR", values = new[] { new { type = "AND", values = new[] { FlagSeed.Person("plan", "enterprise") } } } });
        string Key(string name) => $"{prefix}-{name}";
        await FlagSeed.FlagAsync(fixture, Key("rollout"), new { groups = new[] { FlagSeed.Condition(35) } });
        await FlagSeed.FlagAsync(fixture, Key("plan"), new { groups = new[] { FlagSeed.Condition(100, FlagSeed.Person("plan", new[] { "pro" })) } });
        await FlagSeed.FlagAsync(fixture, Key("variant"), new
        {
            groups = new[] { FlagSeed.Condition(70) },
            multivariate = new { variants = new[] { new { key = "control", rollout_percentage = 50 }, new { key = "test", rollout_percentage = 30 }, new { key = "other", rollout_percentage = 20 } } },
            payloads = new Dictionary<string, string> { ["control"] = "{\"color\":\"red\"}", ["test"] = "{\"color\":\"blue\"}" },
        });
        await FlagSeed.FlagAsync(fixture, Key("conditions"), new
        {
            groups = new[] { FlagSeed.Condition(50, FlagSeed.Person("email", "example.com", "icontains")), FlagSeed.Condition(100, FlagSeed.Person("country", "^(NL|DE)$", "regex")) },
        });
        await FlagSeed.FlagAsync(fixture, Key("cohort"), new { groups = new[] { FlagSeed.Condition(100, new { key = "id", value = cohort, type = "cohort" }) } });
        await FlagSeed.FlagAsync(fixture, Key("inactive"), new { groups = new[] { FlagSeed.Condition(100) } }, active: false);
        await FlagSeed.PublishChangeAsync(fixture);

        string[] keys = [Key("rollout"), Key("plan"), Key("variant"), Key("conditions"), Key("cohort"), Key("inactive")];
        const int count = 2000;
        var result = await fixture.Node.RunAsync("../Flags/flags-node.mjs",
            [JsonSerializer.Serialize(new { host = fixture.IngressUrl, token = fixture.ProjectToken, personalApiKey = fixture.PersonalApiKey, keys, variantKey = Key("variant"), count, prefix })],
            timeout: TimeSpan.FromMinutes(5));
        var report = result.EnsureSuccess();
        var context = $"{result}\n{fixture.LogTail("decide")}";

        Assert.True(report.GetProperty("errors").GetArrayLength() == 0, context);
        Assert.True(report.GetProperty("mismatches").GetArrayLength() == 0, context);
        Assert.Equal(count * keys.Length, report.GetProperty("compared").GetInt32());
        Assert.True(report.GetProperty("definitionsRequests").GetInt32() >= 1, context);

        // Each flag is really exercised: rollouts near their percentage, targeting by property and cohort.
        var enabled = report.GetProperty("enabled");
        int Enabled(string name) => enabled.GetProperty(Key(name)).GetInt32();
        Assert.InRange(Enabled("rollout"), count * 30 / 100, count * 40 / 100);
        Assert.InRange(Enabled("plan"), count / 3 - 1, count / 3 + 1);
        Assert.InRange(Enabled("variant"), count * 65 / 100, count * 75 / 100);
        Assert.InRange(Enabled("cohort"), count / 3 - 1, count / 3 + 1);
        Assert.Equal(0, Enabled("inactive"));

        var sample = report.GetProperty("sample");
        Assert.Equal(sample.GetProperty("isFeatureEnabled").GetBoolean(), sample.GetProperty("getFeatureFlag").ValueKind == JsonValueKind.True);
        var all = sample.GetProperty("allFlagsAndPayloads");
        foreach (var key in keys[..^1]) Assert.True(all.GetProperty("featureFlags").TryGetProperty(key, out _), $"{key} missing from getAllFlagsAndPayloads: {all}");
        Assert.False(all.GetProperty("featureFlags").TryGetProperty(Key("inactive"), out _), "the server does not return inactive flags");
        foreach (var pair in sample.GetProperty("variantPayloads").EnumerateArray())
        {
            var value = pair.GetProperty("value");
            var payload = pair.GetProperty("payload");
            switch (value.ValueKind == JsonValueKind.String ? value.GetString() : null)
            {
                case "control": Assert.Equal("red", payload.GetProperty("color").GetString()); break;
                case "test": Assert.Equal("blue", payload.GetProperty("color").GetString()); break;
                default: Assert.True(payload.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined, pair.ToString()); break;
            }
        }
    }
}
