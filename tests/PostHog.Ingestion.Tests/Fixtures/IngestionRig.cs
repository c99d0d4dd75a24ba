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

    public static async Task<IngestionRig> CreateAsync(StorageFixture storage, string prefix, string? kafka = null, IDictionary<string, string?>? settings = null,
        string[]? topics = null)
    {
        var database = StorageFixture.NewDatabaseName(prefix);
        var token = "phc_" + Guid.NewGuid().ToString("N");
        await storage.MigrateAsync(database, token);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(storage.Configuration(database, token, kafka));
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddIngestion();
        if (topics is not null)
        {
            // Binding would append to the default topic array; a test consumes its own topics only.
            builder.Services.PostConfigure<IngestionOptions>(options => options.Topics = topics);
        }

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
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await Host.StopAsync(timeout.Token); // a started consumer leaves its group; an unstarted host has nothing to stop
        }

        Host.Dispose();
        await Postgres.DisposeAsync();
        ClickHouse.Dispose();
    }
}
