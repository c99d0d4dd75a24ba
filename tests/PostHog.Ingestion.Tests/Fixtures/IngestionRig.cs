using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PostHog.Ingestion.Consuming;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Tests.Fixtures;

/// <summary>
/// Ingestion wired exactly as the service wires it (AddIngestion), on fresh migrated databases, with the default
/// project's token. Not started: tests drive <see cref="Pipeline"/> with batches, or start the host for the consumer.
/// </summary>
public sealed class IngestionRig : IAsyncDisposable
{
    private IngestionRig(IHost host, NpgsqlDataSource postgres, ClickHouseClient clickHouse, string token)
    {
        Host = host;
        Postgres = postgres;
        ClickHouse = clickHouse;
        Token = token;
    }

    public IHost Host { get; }
    public NpgsqlDataSource Postgres { get; }
    public ClickHouseClient ClickHouse { get; }
    public string Token { get; }
    public EventPipeline Pipeline => Host.Services.GetRequiredService<EventPipeline>();

    public static async Task<IngestionRig> CreateAsync(StorageFixture storage, string prefix, string kafka = "127.0.0.1:1", IDictionary<string, string?>? settings = null)
    {
        var database = StorageFixture.NewDatabaseName(prefix);
        var token = "phc_" + Guid.NewGuid().ToString("N");
        await storage.MigrateAsync(database, token);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(storage.Configuration(database, token, kafka));
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddIngestion();
        return new IngestionRig(builder.Build(), storage.DataSource(database), storage.ClickHouseClient(database), token);
    }

    public Task ProcessAsync(IReadOnlyList<Confluent.Kafka.ConsumeResult<string, byte[]>> batch) =>
        Pipeline.ProcessAsync(batch, "clickhouse-ingestion", CancellationToken.None);

    public async Task<string?> ScalarAsync(string sql) => await ClickHouse.QueryScalarAsync(sql);

    public async Task<T?> PostgresScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = Postgres.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Postgres.DisposeAsync();
        ClickHouse.Dispose();
    }
}
