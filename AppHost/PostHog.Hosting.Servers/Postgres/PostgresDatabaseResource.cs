using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Servers.Postgres;

/// <summary>A database of a <see cref="PostgresServerResource"/>: the server's connection string plus <c>;Database=</c>.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithParent<PostgresServerResource>, IResourceWithConnectionString, IResourceWithWaitSupport
{
    public PostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent.ConnectionStringExpression};Database={DatabaseName}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties()
    {
        var endpoint = Parent.PrimaryEndpoint;
        foreach (var property in Parent.GetConnectionProperties().Where(p => p.Key is "Host" or "Port" or "Username" or "Password"))
        {
            yield return property;
        }

        yield return new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}"));
        yield return new("Uri", ReferenceExpression.Create(
            $"postgresql://{Parent.UserNameReference}:{Parent.PasswordParameter}@{endpoint.Property(EndpointProperty.HostAndPort)}/{DatabaseName}"));
        yield return new("JdbcConnectionString", ReferenceExpression.Create($"jdbc:postgresql://{endpoint.Property(EndpointProperty.HostAndPort)}/{DatabaseName}"));
    }
}
