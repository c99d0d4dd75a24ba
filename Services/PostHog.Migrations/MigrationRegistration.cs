using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PostHog.Migrations;

/// <summary>The clients the migration job uses: the direct Postgres connection (not PgBouncer) and ClickHouse.</summary>
public static class MigrationRegistration
{
    public static IHostApplicationBuilder AddMigrations(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(MigrationJob.PostgresConnectionName);
        builder.AddClickHouseClient(MigrationJob.ClickHouseConnectionName);
        builder.Services.AddSingleton<MigrationJob>();
        return builder;
    }
}
