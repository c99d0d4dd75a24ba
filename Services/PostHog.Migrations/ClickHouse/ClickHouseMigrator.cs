using Microsoft.Extensions.Logging;
using PostHog.Contracts.Storage;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Migrations.ClickHouse;

/// <summary>Creates the journal, then runs each migration not yet journaled and records it.</summary>
public sealed class ClickHouseMigrator(ClickHouseClient client, ILogger<ClickHouseMigrator> logger)
{
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var engines = new ClickHouseEngines(client.Database, client.Cluster);
        // Every request names the connection's database, which may not exist yet: create it from "default".
        using (var server = new ClickHouseClient(client.Connection with { Database = "default" }))
        {
            await server.ExecuteAsync(ClickHouseSchema.CreateDatabase(engines), cancellationToken: cancellationToken);
        }

        await client.ExecuteAsync(ClickHouseSchema.Journal(engines), cancellationToken: cancellationToken);

        var journal = engines.Table(ClickHouseTables.Migrations);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in client.QueryTsvAsync($"SELECT name FROM {journal}", cancellationToken: cancellationToken))
        {
            applied.Add(row[0]!);
        }

        var count = 0;
        foreach (var migration in ClickHouseSchema.Migrations(engines).Where(m => !applied.Contains(m.Name)))
        {
            foreach (var statement in migration.Statements)
            {
                await client.ExecuteAsync(statement, cancellationToken: cancellationToken);
            }

            await client.ExecuteAsync(
                $"INSERT INTO {journal} (name, applied_at) VALUES ({ClickHouseLiteral.String(migration.Name)}, now())",
                cancellationToken: cancellationToken);
            logger.LogInformation("ClickHouse migration {Name} applied{Cluster}.", migration.Name, engines.Clustered ? $" on cluster {client.Cluster}" : string.Empty);
            count++;
        }

        logger.LogInformation("ClickHouse: {Applied} migration(s) applied, {Known} known.", count, applied.Count + count);
        return count;
    }
}
