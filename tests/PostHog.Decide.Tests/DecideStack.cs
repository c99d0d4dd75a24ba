using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PostHog.Contracts.Auth;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Redis;
using PostHog.Hosting.Testing;
using PostHog.Migrations.Postgres;
using PostHog.Tests.Support;

namespace PostHog.Decide.Tests;

/// <summary>
/// Real Postgres + PgBouncer (one app) and Redis (another app, so each can be stopped alone) started through our
/// testing harness, the schema migrated, a project and a personal API key seeded, and Decide in-process on a loopback port.
/// </summary>
public sealed class DecideStack : IAsyncDisposable
{
    private DistributedApplication? _postgres;
    private DistributedApplication? _redis;
    private readonly List<WebApplication> _decides = [];

    public required string PooledConnectionString { get; init; }
    public required string DirectConnectionString { get; init; }
    public required string RedisConnectionString { get; init; }
    public required NpgsqlDataSource Database { get; init; }
    public required string Token { get; init; }
    public required string PersonalKey { get; init; }
    public long TeamId => DefaultProjectSeed.DefaultTeamId;
    public HttpClient Client { get; private set; } = null!;

    public static async Task<DecideStack> StartAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var postgresBuilder = DistributedApplicationTestingBuilder.Create();
        postgresBuilder.AddPostHogDatabase();
        var postgres = await postgresBuilder.BuildAsync(cts.Token);
        await postgres.StartAsync(cts.Token);
        var key = PersonalApiKey.Generate();
        var (database, token) = await postgres.MigrateAndSeedAsync(key, cts.Token);

        var redisBuilder = DistributedApplicationTestingBuilder.Create();
        redisBuilder.AddRedis("redis");
        var redis = await redisBuilder.BuildAsync(cts.Token);
        await redis.StartAsync(cts.Token);
        await redis.ResourceNotifications.WaitForResourceHealthyAsync("redis", cts.Token);

        var stack = new DecideStack
        {
            PooledConnectionString = (await postgres.GetConnectionStringAsync(PostHogDatabase.Pooled, cts.Token))!,
            DirectConnectionString = (await postgres.GetConnectionStringAsync(PostHogDatabase.Direct, cts.Token))!,
            RedisConnectionString = (await redis.GetConnectionStringAsync("redis", cts.Token))!,
            Database = database,
            Token = token,
            PersonalKey = key,
        };
        stack._postgres = postgres;
        stack._redis = redis;
        stack.Client = await stack.StartDecideAsync();
        return stack;
    }

    /// <summary>Another Decide process-equivalent (own caches), e.g. a cold replica during an outage.</summary>
    public async Task<HttpClient> StartDecideAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:posthogdb"] = PooledConnectionString;
        builder.Configuration["ConnectionStrings:redis"] = RedisConnectionString;
        builder.Configuration["Decide:DatabaseTimeout"] = "00:00:01";
        configure?.Invoke(builder);
        builder.AddDecide();
        var app = builder.Build();
        app.MapDecideEndpoints();
        await app.StartAsync();
        _decides.Add(app);
        return new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task StopPostgresAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_postgres is not null) await _postgres.DisposeAsync();
        _postgres = null;
    }

    public async Task StopRedisAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
        _redis = null;
    }

    public async Task ExecuteAsync(string sql, params object?[] values)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params object?[] values)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var app in _decides)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        await Database.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await StopRedisAsync();
        await StopPostgresAsync();
    }
}
