using PostHog.Hosting.Servers.Redis;
using PostHog.Hosting.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace PostHog.Hosting.Tests.Servers;

[Trait("Category", "Integration")]
public sealed class RedisServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Redis_requires_its_password_keeps_keys_across_restarts_and_leaves_nothing_running()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var host = new ServerTestHost();
        for (var run = 1; run <= 2; run++)
        {
            var builder = host.NewBuilder();
            builder.AddRedis("redis");
            var (app, elapsed) = await host.StartAsync(builder, cts.Token, "redis");
            output.WriteLine($"run {run}: redis healthy in {elapsed.TotalMilliseconds:0} ms");

            var connectionString = await app.GetConnectionStringAsync("redis", cts.Token);
            Assert.Matches(@"^127\.0\.0\.1:\d+,password=\w+$", connectionString);
            await using (var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!))
            {
                var db = redis.GetDatabase();
                if (run == 1)
                {
                    Assert.True(await db.StringSetAsync("survivor", "kept"));
                }

                Assert.Equal("kept", (string?)await db.StringGetAsync("survivor"));
            }

            var withoutPassword = ConfigurationOptions.Parse(connectionString!.Split(',')[0]);
            withoutPassword.AbortOnConnectFail = true;
            withoutPassword.ConnectTimeout = 2000;
            var e = await Assert.ThrowsAnyAsync<RedisException>(async () =>
            {
                await using var anonymous = await ConnectionMultiplexer.ConnectAsync(withoutPassword);
                await anonymous.GetDatabase().StringGetAsync("survivor");
            });
            Assert.Contains("NOAUTH", e.ToString(), StringComparison.Ordinal);

            await host.StopAndAssertNoLeftoversAsync(app);
        }
    }
}
