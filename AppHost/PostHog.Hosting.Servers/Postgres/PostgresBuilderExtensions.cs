using Npgsql;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.Postgres;

/// <summary>Aspire.Hosting.PostgreSQL's AddPostgres/AddDatabase over a native PostgreSQL 15.</summary>
public static class PostgresBuilderExtensions
{
    /// <summary>
    /// A PostgreSQL server; data in <c>{state}/{name}/data</c> (initdb on first start), password from the generated
    /// secret parameter <c>{name}-password</c> unless <paramref name="password"/> is given.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<ParameterResource>? userName = null,
        IResourceBuilder<ParameterResource>? password = null,
        int? port = null)
    {
        var passwordParameter = password?.Resource ?? builder.AddGeneratedParameter($"{name}-password", secret: true).Resource;
        var server = new PostgresServerResource(name, builder.StateDirectoryOf(name), userName?.Resource, passwordParameter);
        return builder.AddResource(server)
            .WithEndpoint(port: port, targetPort: 5432, scheme: "tcp", name: PostgresServerResource.PrimaryEndpointName)
            .WithContainerEnvironment("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256")
            .WithContainerEnvironment("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256 --auth-local=scram-sha-256")
            .WithContainerEnvironment("POSTGRES_USER", server.UserNameReference)
            .WithContainerEnvironment("POSTGRES_PASSWORD", passwordParameter)
            .WithRunArgs([.. ServerFiles.AsUser(PostgresServerResource.SystemUser, DebianPackage.Postgres.Path), "-D", server.DataDirectory])
            .WithInstallHint(DebianPackage.SetPriv.InstallHint)
            .WithServerHealthCheck(_ => new NpgsqlHealthCheck(new PostgresDatabaseResource($"{name}-postgres", "postgres", server)))
            .OnBeforeStart(async (s, ct) =>
            {
                var user = await s.GetUserNameAsync(ct).ConfigureAwait(false);
                await PostgresDataDirectory.PrepareAsync(s, user, s.PasswordParameter.Value, s.PrimaryEndpoint.Port, ct).ConfigureAwait(false);
            })
            .OnReady(CreateDatabasesAsync)
            .PublishAsContainer(ServerImages.Postgres.Image, ServerImages.Postgres.Tag, ServerImages.Postgres.Registry);
    }

    /// <summary>A database on the server (created when the server is ready if it does not exist yet).</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases[name] = database.DatabaseName;
        return builder.ApplicationBuilder.AddResource(database)
            .WithServerHealthCheck(_ => new NpgsqlHealthCheck(database));
    }

    private static async Task CreateDatabasesAsync(PostgresServerResource server, CancellationToken cancellationToken)
    {
        if (server.Databases.Count == 0)
        {
            return;
        }

        var maintenance = new PostgresDatabaseResource($"{server.Name}-postgres", "postgres", server);
        await using var connection = new NpgsqlConnection(await NpgsqlHealthCheck.UnpooledAsync(maintenance, cancellationToken).ConfigureAwait(false));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var databaseName in server.Databases.Values.Distinct(StringComparer.Ordinal))
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = databaseName } } };
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(databaseName)}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal static string QuoteIdentifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
