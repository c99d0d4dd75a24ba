using System.Text.Json;

namespace PostHog.EndToEnd.Tests.Flags;

/// <summary>posthog-js in Chromium: remote config from /array/&lt;token&gt;/config.js, then isFeatureEnabled and a variant with its payload from /flags.</summary>
[Collection(SystemCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class BrowserFlagsTests(SystemFixture fixture)
{
    [Fact]
    public async Task Posthog_js_gets_remote_config_a_boolean_flag_and_a_variant_with_payload()
    {
        var prefix = "e2e-js-" + Guid.NewGuid().ToString("N")[..8];
        var onKey = prefix + "-on";
        var offKey = prefix + "-off";
        var variantKey = prefix + "-variant";
        await FlagSeed.FlagAsync(fixture, onKey, new { groups = new[] { FlagSeed.Condition(100) } });
        await FlagSeed.FlagAsync(fixture, offKey, new { groups = new[] { FlagSeed.Condition(0) } });
        await FlagSeed.FlagAsync(fixture, variantKey, new
        {
            groups = new[] { new { properties = Array.Empty<object>(), rollout_percentage = 100, variant = "blue" } },
            multivariate = new { variants = new[] { new { key = "red", rollout_percentage = 50 }, new { key = "blue", rollout_percentage = 50 } } },
            payloads = new Dictionary<string, string> { ["blue"] = "{\"color\":\"blue\",\"size\":3}" },
        });
        await FlagSeed.PublishChangeAsync(fixture);

        await using var visit = await fixture.VisitAsync($"/flags/{prefix}");
        var result = await visit.Page.EvaluateAsync<JsonElement>("""
            ([on, off, variant, token]) => new Promise((resolve) => {
              const read = () => resolve({
                on: posthog.isFeatureEnabled(on),
                off: posthog.isFeatureEnabled(off),
                variant: posthog.getFeatureFlag(variant),
                payload: posthog.getFeatureFlagPayload(variant),
                config: (window._POSTHOG_REMOTE_CONFIG || {})[token]?.config ?? null,
              });
              posthog.onFeatureFlags(() => { if (posthog.getFeatureFlag(on) !== undefined) read(); });
              setTimeout(read, 20000);
            })
            """, new[] { onKey, offKey, variantKey, fixture.ProjectToken });
        var context = $"{result}\nbrowser log:\n{visit.Log}\n{fixture.LogTail("decide")}";

        Assert.True(result.GetProperty("on").GetBoolean(), context);
        Assert.False(result.GetProperty("off").GetBoolean(), context);
        Assert.Equal("blue", result.GetProperty("variant").GetString());
        Assert.Equal("blue", result.GetProperty("payload").GetProperty("color").GetString());
        Assert.Equal(3, result.GetProperty("payload").GetProperty("size").GetInt32());

        var config = result.GetProperty("config");
        Assert.True(config.ValueKind == JsonValueKind.Object, $"config.js was not loaded: {context}");
        Assert.Contains("gzip-js", config.GetProperty("supportedCompression").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("/i/v0/e/", config.GetProperty("analytics").GetProperty("endpoint").GetString());
        Assert.True(config.GetProperty("hasFeatureFlags").GetBoolean());
    }
}
