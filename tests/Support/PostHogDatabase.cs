using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.PgBouncer;
using PostHog.Hosting.Servers.Postgres;
using PostHog.Hosting.Testing;
using PostHog.Migrations.Postgres;

namespace PostHog.Tests.Support;

/// <summary>
/// PostHog's app database as the AppHost composes it: Postgres database <c>posthog</c> (direct: migrations, Web) behind
/// PgBouncer's <c>posthogdb</c> (pooled: the services); once running, migrated and seeded (the default project,
/// admin@localhost with a personal API key). Linked into the test projects that need it, so there is one copy.
/// </summary>
internal static class PostHogDatabase
{
    public const string Direct = "posthog";
    public const string Pooled = "posthogdb";

    public static (IResourceBuilder<PostgresDatabaseResource> Direct, IResourceBuilder<PgBouncerDatabaseResource> Pooled) AddPostHogDatabase(
        this IDistributedApplicationBuilder builder)
    {
        var direct = builder.AddPostgres("postgres").AddDatabase(Direct);
        var pooled = builder.AddPgBouncer("pgbouncer").AddDatabase(Pooled, direct);
        return (direct, pooled);
    }

    /// <summary>Waits for both databases, migrates and seeds; returns a data source on the direct database and the project token.</summary>
    public static async Task<(NpgsqlDataSource Database, string Token)> MigrateAndSeedAsync(
        this DistributedApplication app, string personalKey, CancellationToken cancellationToken)
    {
        await app.ResourceNotifications.WaitForResourceHealthyAsync(Direct, cancellationToken);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(Pooled, cancellationToken);
        var direct = (await app.GetConnectionStringAsync(Direct, cancellationToken))!;
        new PostgresMigrator(direct, NullLogger<PostgresMigrator>.Instance).Migrate();
        var database = NpgsqlDataSource.Create(direct);
        var token = await new DefaultProjectSeed(database, NullLogger<DefaultProjectSeed>.Instance).SeedAsync(null, cancellationToken);
        await new DefaultUserSeed(database, NullLogger<DefaultUserSeed>.Instance).SeedAsync(personalKey, cancellationToken);
        return (database, token);
    }
}
