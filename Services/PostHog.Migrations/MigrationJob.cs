using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PostHog.Migrations.ClickHouse;
using PostHog.Migrations.Kafka;
using PostHog.Migrations.Postgres;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Migrations;

/// <summary>Postgres schema and seed, then ClickHouse tables, then Kafka topics; retried while the servers are still coming up.</summary>
public sealed class MigrationJob(IServiceProvider services, IConfiguration configuration, ILogger<MigrationJob> logger)
{
    public const string PostgresConnectionName = "posthog";
    public const string ClickHouseConnectionName = "clickhouse";
    public const string KafkaConnectionName = "kafka";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);
    private const int Attempts = 20;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var postgres = configuration.GetConnectionString(PostgresConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{PostgresConnectionName} is not set.");
        await RetryAsync("Postgres", () =>
        {
            new PostgresMigrator(postgres, services.GetRequiredService<ILogger<PostgresMigrator>>()).Migrate();
            return Task.CompletedTask;
        }, cancellationToken);
        await RetryAsync("Postgres seed", () => new DefaultProjectSeed(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<ILogger<DefaultProjectSeed>>())
            .SeedAsync(configuration[DefaultProjectSeed.TokenSetting], cancellationToken), cancellationToken);
        await RetryAsync("Postgres default user", () => new DefaultUserSeed(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<ILogger<DefaultUserSeed>>())
            .SeedAsync(configuration[DefaultUserSeed.KeySetting], cancellationToken), cancellationToken);
        await RetryAsync("ClickHouse", () => new ClickHouseMigrator(services.GetRequiredService<ClickHouseClient>(), services.GetRequiredService<ILogger<ClickHouseMigrator>>())
            .MigrateAsync(cancellationToken), cancellationToken);
        if (configuration.GetConnectionString(KafkaConnectionName) is { Length: > 0 } kafka)
        {
            await RetryAsync("Kafka topics", () => new KafkaTopicMigrator(kafka, services.GetRequiredService<ILogger<KafkaTopicMigrator>>()).MigrateAsync(), cancellationToken);
        }
    }

    // Every step is idempotent, so a step that failed half-way (a replica in readonly mode, ZooKeeper electing) runs again whole.
    private async Task RetryAsync(string step, Func<Task> run, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await run();
                return;
            }
            catch (Exception exception) when (attempt < Attempts && exception is not OperationCanceledException && IsTransient(exception))
            {
                logger.LogWarning("{Step} migration attempt {Attempt} failed ({Reason}); retrying.", step, attempt, exception.Message);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    // A wrong statement fails the same way every time; only connection and cluster-state errors are worth retrying.
    private static bool IsTransient(Exception exception) => exception switch
    {
        ClickHouseException { Code: null } => true,
        ClickHouseException { Code: 159 or 209 or 210 or 225 or 242 or 279 or 286 or 999 } => true, // timeouts, network, ZooKeeper, readonly, unfinished DDL
        NpgsqlException { IsTransient: true } => true,
        HttpRequestException => true,
        Confluent.Kafka.KafkaException => true, // broker not up yet, or a request timed out
        InvalidOperationException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };
}
