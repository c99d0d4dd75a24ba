using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PostHog.ServiceDefaults.Tests.Fixtures;
using StackExchange.Redis;

namespace PostHog.ServiceDefaults.Tests.Redis;

[Trait("Category", "Integration")]
public sealed class RedisClientTests(RedisServer server) : IClassFixture<RedisServer>
{
    private ServiceProvider Services(string? connectionString, bool keyed = false)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (connectionString is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:redis", connectionString)]);
        }

        builder.Services.AddLogging();
        if (keyed)
        {
            builder.AddKeyedRedisClient("redis");
        }
        else
        {
            builder.AddRedisClient("redis");
        }

        return builder.Services.BuildServiceProvider();
    }

    [Fact]
    public async Task Multiplexer_talks_to_redis_and_is_healthy()
    {
        await using var services = Services(server.ConnectionString);

        var database = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await database.StringSetAsync("greeting", "hello");
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal("hello", (string?)await database.StringGetAsync("greeting"));
        Assert.Equal(HealthStatus.Healthy, report.Entries["StackExchange.Redis"].Status);
    }

    [Fact]
    public async Task Keyed_client_has_a_keyed_health_check()
    {
        await using var services = Services(server.ConnectionString, keyed: true);

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.NotNull(services.GetRequiredKeyedService<IConnectionMultiplexer>("redis"));
        Assert.Equal(HealthStatus.Healthy, report.Entries["StackExchange.Redis_redis"].Status);
    }

    [Fact]
    public async Task Unreachable_redis_is_unhealthy_not_a_crash()
    {
        await using var services = Services($"127.0.0.1:{FreePort.Next()},connectTimeout=500,syncTimeout=500,asyncTimeout=500");

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["StackExchange.Redis"].Status);
    }

    [Fact]
    public void Missing_connection_string_fails_on_first_resolve()
    {
        using var services = Services(null);

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IConnectionMultiplexer>());
        Assert.Contains("ConnectionStrings:redis", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:StackExchange:Redis:ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
