using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace PostHog.Web.Tests.Integration;

/// <summary>
/// Web → Redis → Decide: a flag created, changed and deleted through the management API is what Decide's /flags
/// answers next, well inside Decide's 30 s in-process freshness window — so the invalidation contract is what
/// made it visible, not an expiry.
/// </summary>
[Collection(WebApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DecideSeesChangesTests(WebApiFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Decide_answers_with_each_change_made_through_the_API()
    {
        var api = fixture.ClientWithKey(WebApiFixture.DefaultKey);
        var token = (await api.OkAsync("GET", "/api/projects/@current/"))["api_token"]!.GetValue<string>();

        // Warm Decide's cache for the team before the flag exists.
        Assert.Null(await FlagAsync(token, "e2e-rollout", TimeSpan.FromSeconds(60), expectPresent: false));

        var flag = await api.OkAsync("POST", "/api/projects/@current/feature_flags/", """
            {"key":"e2e-rollout","filters":{"groups":[{"properties":[],"rollout_percentage":100}],"payloads":{"true":{"tier":"gold"}}}}
            """, HttpStatusCode.Created);
        var clock = Stopwatch.StartNew();
        var seen = await FlagAsync(token, "e2e-rollout", TimeSpan.FromSeconds(10), expectPresent: true);
        output.WriteLine($"created flag visible in Decide after {clock.ElapsedMilliseconds} ms");
        Assert.True(seen!["enabled"]!.GetValue<bool>());

        await api.OkAsync("PATCH", $"/api/projects/@current/feature_flags/{flag["id"]}/", """{"active":false}""");
        clock.Restart();
        // Inactive flags are not evaluated: Decide stops serving it (PostHog.Flags drops inactive flags).
        Assert.Null(await FlagAsync(token, "e2e-rollout", TimeSpan.FromSeconds(10), expectPresent: false));
        output.WriteLine($"deactivation visible in Decide after {clock.ElapsedMilliseconds} ms");
        await api.OkAsync("PATCH", $"/api/projects/@current/feature_flags/{flag["id"]}/", """{"active":true}""");
        Assert.True((await FlagAsync(token, "e2e-rollout", TimeSpan.FromSeconds(10), expectPresent: true))!["enabled"]!.GetValue<bool>());
        await api.OkAsync("DELETE", $"/api/projects/@current/feature_flags/{flag["id"]}/", expected: HttpStatusCode.NoContent);
        Assert.Null(await FlagAsync(token, "e2e-rollout", TimeSpan.FromSeconds(10), expectPresent: false));
    }

    /// <summary>Polls Decide's <c>/flags?v=2</c> until the flag's presence matches <paramref name="expectPresent"/>; returns it (or null).</summary>
    private async Task<JsonNode?> FlagAsync(string token, string key, TimeSpan timeout, bool expectPresent)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await fixture.Decide.PostAsync("/flags/?v=2", new StringContent($$"""{"token":"{{token}}","distinct_id":"e2e-user"}""", Encoding.UTF8, "application/json"));
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.IsSuccessStatusCode)
                {
                    var result = JsonNode.Parse(last[4..])!["flags"]?[key];
                    if ((result is not null) == expectPresent) return result;
                }
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message; // Decide still starting
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Decide did not {(expectPresent ? "serve" : "drop")} {key} within {timeout}; last answer: {last}");
    }
}
