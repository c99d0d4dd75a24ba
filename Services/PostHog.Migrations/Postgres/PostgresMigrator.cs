using DbUp;
using Microsoft.Extensions.Logging;

namespace PostHog.Migrations.Postgres;

/// <summary>Applies the embedded <c>Postgres/Scripts/*.sql</c> once each, in name order, journaled in <c>schemaversions</c>.</summary>
public sealed class PostgresMigrator(string connectionString, ILogger<PostgresMigrator> logger)
{
    public void Migrate()
    {
        // The AppHost's database resource may only name the database; DbUp creates it when it is missing.
        EnsureDatabase.For.PostgresqlDatabase(connectionString);

        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(PostgresMigrator).Assembly, name => name.Contains(".Postgres.Scripts.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();

        var pending = upgrader.GetScriptsToExecute();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Postgres migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }

        logger.LogInformation("Postgres: {Applied} migration(s) applied, {Total} known.", pending.Count, upgrader.GetExecutedScripts().Count);
    }
}
