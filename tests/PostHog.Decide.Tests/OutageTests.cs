using System.Text.Json;

namespace PostHog.Decide.Tests;

/// <summary>Postgres down → cached definitions still answer (in process, and from Redis for a cold replica); both down → errorsWhileComputingFlags, never a 500.</summary>
[Trait("Category", "Integration")]
public sealed class OutageTests
{
    [Fact]
    public async Task Postgres_down_answers_from_cache_and_both_down_reports_errors_while_computing_flags()
    {
        await using var stack = await DecideStack.StartAsync();
        await stack.FlagAsync("rollout-flag", Seed.Rollout(100));
        await stack.FlagAsync("plan-flag", Seed.Rollout(100, Seed.Person("plan", "pro")));
        await stack.PersonAsync(new { plan = "pro" }, "stored-user");
        await stack.ChangedAsync("plan-flag");
        var warm = await stack.Client.PostFlagsAsync(new { token = stack.Token, distinct_id = "stored-user" });
        Assert.True(warm.GetProperty("flags").GetProperty("plan-flag").GetProperty("enabled").GetBoolean());

        HttpRequestMessage Definitions()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/flags/definitions?token={stack.Token}");
            request.Headers.Authorization = new("Bearer", stack.PersonalKey);
            return request;
        }
        Assert.Equal(System.Net.HttpStatusCode.OK, (await stack.Client.SendAsync(Definitions())).StatusCode);

        await stack.StopPostgresAsync();

        // A key checked a moment ago still reads definitions (from memory).
        Assert.Equal(System.Net.HttpStatusCode.OK, (await stack.Client.SendAsync(Definitions())).StatusCode);

        // The warm replica: definitions from memory; the overrides cover the person property, so no Postgres needed.
        var cached = await stack.Client.PostFlagsAsync(new { token = stack.Token, distinct_id = "anyone", person_properties = new { plan = "pro" } });
        Assert.False(cached.GetProperty("errorsWhileComputingFlags").GetBoolean());
        Assert.True(cached.GetProperty("flags").GetProperty("rollout-flag").GetProperty("enabled").GetBoolean());
        Assert.True(cached.GetProperty("flags").GetProperty("plan-flag").GetProperty("enabled").GetBoolean());

        // Stored properties cannot be read: the flags needing them are errors, the others still answer.
        var partial = await stack.Client.PostFlagsAsync(new { token = stack.Token, distinct_id = "stored-user" });
        Assert.True(partial.GetProperty("errorsWhileComputingFlags").GetBoolean());
        Assert.True(partial.GetProperty("flags").GetProperty("rollout-flag").GetProperty("enabled").GetBoolean());
        Assert.Equal("database_error", partial.GetProperty("flags").GetProperty("plan-flag").GetProperty("reason").GetProperty("code").GetString());

        // A cold replica (empty memory) gets the token and the definitions from Redis.
        using var cold = await stack.StartDecideAsync();
        var fromRedis = await cold.PostFlagsAsync(new { token = stack.Token, distinct_id = "anyone", person_properties = new { plan = "pro" } });
        Assert.False(fromRedis.GetProperty("errorsWhileComputingFlags").GetBoolean());
        Assert.True(fromRedis.GetProperty("flags").GetProperty("plan-flag").GetProperty("enabled").GetBoolean());
        // A key never seen cannot be checked without Postgres: 503 JSON, not a 500.
        using var unchecked_ = await cold.SendAsync(Definitions());
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, unchecked_.StatusCode);

        await stack.StopRedisAsync();

        // Nothing can answer for a cold replica: 200 with errorsWhileComputingFlags, in every shape.
        using var lost = await stack.StartDecideAsync();
        foreach (var path in (string[])["/flags/?v=2", "/flags/?v=1", "/decide/?v=3"])
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var answer = await lost.PostFlagsAsync(new { token = stack.Token, distinct_id = "anyone" }, path);
            Assert.True(answer.GetProperty("errorsWhileComputingFlags").GetBoolean(), answer.ToString());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        }
        using var config = await lost.GetAsync($"/array/{stack.Token}/config.js");
        Assert.True(config.IsSuccessStatusCode);

        // The warm replica still answers from memory with Redis gone too.
        var stillWarm = await stack.Client.PostFlagsAsync(new { token = stack.Token, distinct_id = "anyone", person_properties = new { plan = "pro" } });
        Assert.True(stillWarm.GetProperty("flags").GetProperty("plan-flag").GetProperty("enabled").GetBoolean());
        _ = JsonSerializer.Serialize(stillWarm);
    }
}
