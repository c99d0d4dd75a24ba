using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;
using PostHog.Hosting.Servers.Postgres;

namespace PostHog.Hosting.Servers.PgBouncer;

/// <summary><c>AddPgBouncer</c> and its pooled databases.</summary>
public static class PgBouncerBuilderExtensions
{
    public static IResourceBuilder<PgBouncerResource> AddPgBouncer(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var pgbouncer = new PgBouncerResource(name, builder.StateDirectoryOf(name));
        return builder.AddResource(pgbouncer)
            .WithEndpoint(port: port, targetPort: 5432, scheme: "tcp", name: PgBouncerResource.PrimaryEndpointName)
            .WithRunArgs([.. ServerFiles.AsUser(PostgresServerResource.SystemUser, DebianPackage.PgBouncer.Path), pgbouncer.ConfigFile])
            .WithInstallHint(DebianPackage.SetPriv.InstallHint)
            .WithServerHealthCheck(_ => new PostgresWireProbe(pgbouncer.PrimaryEndpoint))
            .OnBeforeStart((p, ct) => PrepareAsync(p, ct))
            .PublishAsContainer(ServerImages.PgBouncer.Image, ServerImages.PgBouncer.Tag, ServerImages.PgBouncer.Registry);
    }

    /// <summary>
    /// <paramref name="database"/> pooled through this PgBouncer as resource <paramref name="name"/> (its own
    /// <c>ConnectionStrings__{name}</c>); PgBouncer then waits for that database to exist.
    /// </summary>
    public static IResourceBuilder<PgBouncerDatabaseResource> AddDatabase(
        this IResourceBuilder<PgBouncerResource> builder, string name, IResourceBuilder<PostgresDatabaseResource> database)
    {
        var pooled = new PgBouncerDatabaseResource(name, database.Resource, builder.Resource);
        builder.Resource.Databases.Add(pooled);
        builder.WaitFor(database);
        return builder.ApplicationBuilder.AddResource(pooled)
            .WithServerHealthCheck(_ => new NpgsqlHealthCheck(pooled));
    }

    private static async Task PrepareAsync(PgBouncerResource pgbouncer, CancellationToken cancellationToken)
    {
        DebianPackage.EnsureInstalled(DebianPackage.SetPriv, DebianPackage.PgBouncer);
        var pools = new List<PgBouncerPool>();
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pooled in pgbouncer.Databases)
        {
            var server = pooled.Database.Parent;
            var user = await server.GetUserNameAsync(cancellationToken).ConfigureAwait(false);
            users[user] = server.PasswordParameter.Value;
            pools.Add(new PgBouncerPool(pooled.Database.DatabaseName, server.PrimaryEndpoint.Host, server.PrimaryEndpoint.Port, pooled.Database.DatabaseName));
        }

        ServerFiles.EnsureDirectory(pgbouncer.StateDirectory);
        var admin = users.Keys.FirstOrDefault() ?? PostgresServerResource.DefaultUserName;
        ServerFiles.WriteSecret(pgbouncer.ConfigFile, PgBouncerConfig.RenderIni(pgbouncer.PrimaryEndpoint.Port, pools, pgbouncer.UserListFile, admin));
        ServerFiles.WriteSecret(pgbouncer.UserListFile, PgBouncerConfig.RenderUserList(users.Select(u => (u.Key, u.Value))));
        ServerFiles.GiveTo(PostgresServerResource.SystemUser, pgbouncer.ConfigFile, pgbouncer.UserListFile);
    }
}
