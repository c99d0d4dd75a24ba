using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Postgres;

namespace PostHog.Hosting.Servers.PgBouncer;

/// <summary>
/// A Postgres database reached through PgBouncer: the database's user, password and name on PgBouncer's port, plus the
/// two Npgsql settings transaction pooling needs (no server-side prepared statements, no reset on return).
/// </summary>
public sealed class PgBouncerDatabaseResource(string name, PostgresDatabaseResource database, PgBouncerResource parent)
    : Resource(name), IResourceWithParent<PgBouncerResource>, IResourceWithConnectionString, IResourceWithWaitSupport
{
    public PgBouncerResource Parent { get; } = parent;

    public PostgresDatabaseResource Database { get; } = database;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var endpoint = Parent.PrimaryEndpoint;
            var server = Database.Parent;
            return ReferenceExpression.Create(
                $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username={server.UserNameReference};Password={server.PasswordParameter};Database={Database.DatabaseName};Max Auto Prepare=0;No Reset On Close=true");
        }
    }

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties()
    {
        var endpoint = Parent.PrimaryEndpoint;
        var server = Database.Parent;
        return
        [
            new("Host", ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.Host)}")),
            new("Port", ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.Port)}")),
            new("Username", ReferenceExpression.Create($"{server.UserNameReference}")),
            new("Password", ReferenceExpression.Create($"{server.PasswordParameter}")),
            new("DatabaseName", ReferenceExpression.Create($"{Database.DatabaseName}")),
            new("Uri", ReferenceExpression.Create(
                $"postgresql://{server.UserNameReference}:{server.PasswordParameter}@{endpoint.Property(EndpointProperty.HostAndPort)}/{Database.DatabaseName}")),
        ];
    }
}
