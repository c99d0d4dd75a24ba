using Npgsql;
using PostHog.Contracts.Auth;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Redis;
using PostHog.Hosting.Testing;
using PostHog.Tests.Support;
using StackExchange.Redis;

namespace PostHog.Web.Tests.Integration;

/// <summary>
/// Real PostgreSQL, PgBouncer and Redis through the AppHost's testing harness (random ports, temp state folder), the
/// Postgres migrations and the development seed (admin@localhost with a personal API key), and Web run as a process
/// wired the way the AppHost wires it. Tests talk HTTP to it exactly as a PostHog script would.
/// </summary>
public sealed class WebApiFixture : IAsyncLifetime
{
    public const string DefaultKey = "phx_web_tests_default_key_0123456789abcdefghijklmn";

    private DistributedApplication? _app;

    public HttpClient Client { get; private set; } = null!;
    public HttpClient Decide { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;
    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var builder = DistributedApplicationTestingBuilder.Create();
        var (posthog, posthogdb) = builder.AddPostHogDatabase();
        var redis = builder.AddRedis("redis");
        builder.AddProject<WebProject>("web")
            .WithReference(posthog).WithReference(posthogdb).WithReference(redis)
            // Web registers a ClickHouse client; the management API never uses it.
            .WithEnvironment("ConnectionStrings__clickhouse", "Endpoint=http://127.0.0.1:9;Username=default;Password=;Database=default")
            .WaitFor(posthogdb).WaitFor(redis);
        // Decide reads what Web writes; only the end-to-end test talks to it (and waits for it on its own).
        builder.AddProject<DecideProject>("decide").WithReference(posthogdb).WithReference(redis).WaitFor(posthogdb).WaitFor(redis);
        _app = builder.Build();
        await _app.StartAsync(timeout.Token);
        (Database, _) = await _app.MigrateAndSeedAsync(DefaultKey, timeout.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("redis", timeout.Token);
        Redis = await ConnectionMultiplexer.ConnectAsync((await _app.GetConnectionStringAsync("redis", timeout.Token))!);

        Client = _app.CreateHttpClient("web");
        Decide = _app.CreateHttpClient("decide");
        while (true)
        {
            timeout.Token.ThrowIfCancellationRequested();
            try
            {
                if ((await Client.GetAsync("/api/service", timeout.Token)).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>A client sending <paramref name="key"/> as <c>Authorization: Bearer</c>.</summary>
    public HttpClient ClientWithKey(string key)
    {
        var client = new HttpClient { BaseAddress = Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A new personal API key of admin@localhost with the given scopes and team restriction.</summary>
    public async Task<string> CreateKeyAsync(string[] scopes, int[]? scopedTeams = null)
    {
        var key = PersonalApiKey.Generate();
        await using var command = Database.CreateCommand("""
            INSERT INTO posthog_personalapikey (id, user_id, label, secure_value, mask_value, scopes, scoped_teams)
            SELECT $1, id, 'test', $2, $3, $4, $5 FROM posthog_user WHERE email = 'admin@localhost'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid().ToString("N") });
        command.Parameters.Add(new NpgsqlParameter { Value = PersonalApiKey.Hash(key) });
        command.Parameters.Add(new NpgsqlParameter { Value = PersonalApiKey.Mask(key) });
        command.Parameters.Add(new NpgsqlParameter { Value = scopes });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)scopedTeams ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer });
        await command.ExecuteNonQueryAsync();
        return key;
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        Decide?.Dispose();
        Redis?.Dispose();
        if (Database is not null) await Database.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_app is not null) await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebApiCollection : ICollectionFixture<WebApiFixture>
{
    public const string Name = "web-api";
}
