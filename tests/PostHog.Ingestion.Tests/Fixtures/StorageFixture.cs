using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PostHog.Migrations;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Tests.Fixtures;

/// <summary>
/// Real Postgres, a real 1×1 ClickHouse cluster and the project's Kafka broker, shared by the integration tests; each
/// test asks for its own databases (and, where it consumes, its own consumer group).
/// </summary>
public sealed class StorageFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public ClickHouseCluster ClickHouse { get; private set; } = null!;
    public KafkaBroker Kafka { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var clickHouse = ClickHouseCluster.StartAsync();
        var kafka = KafkaBroker.StartAsync();
        Postgres = await postgres;
        ClickHouse = await clickHouse;
        Kafka = await kafka;
    }

    public Task DisposeAsync()
    {
        Kafka?.Dispose();
        ClickHouse?.Dispose();
        Postgres?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A fresh name for a Postgres database and a ClickHouse database, both created by the migrations.</summary>
    public static string NewDatabaseName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 17)];

    public Dictionary<string, string?> Configuration(string database, string? token = null, string? kafka = null) => new()
    {
        ["ConnectionStrings:kafka"] = kafka ?? Kafka.BootstrapServers,
        ["ConnectionStrings:posthog"] = Postgres.ConnectionString(database),
        ["ConnectionStrings:posthogdb"] = Postgres.ConnectionString(database),
        ["ConnectionStrings:clickhouse"] = ClickHouse.ConnectionString(database),
        ["POSTHOG_DEFAULT_PROJECT_TOKEN"] = token,
    };

    /// <summary>Runs the migration job as the AppHost would (same registrations), against the named databases.</summary>
    public async Task MigrateAsync(string database, string? token = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(Configuration(database, token));
        builder.AddMigrations();
        using var host = builder.Build();
        await host.Services.GetRequiredService<MigrationJob>().RunAsync(CancellationToken.None);
    }

    public NpgsqlDataSource DataSource(string database) => NpgsqlDataSource.Create(Postgres.ConnectionString(database));

    public ClickHouseClient ClickHouseClient(string database) => new(ClickHouseConnectionString.Parse(ClickHouse.ConnectionString(database)));
}

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
    public const string Name = "storage";
}
