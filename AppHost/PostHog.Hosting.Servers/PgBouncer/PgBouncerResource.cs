using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.PgBouncer;

/// <summary>PgBouncer in transaction pooling mode in front of Postgres databases, run natively as the postgres user.</summary>
public sealed class PgBouncerResource(string name, string stateDirectory)
    : ExecutableResource(name, DebianPackage.SetPriv.Path, stateDirectory)
{
    public const string PrimaryEndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    public string StateDirectory => WorkingDirectory;

    public string ConfigFile => Path.Combine(StateDirectory, "pgbouncer.ini");

    public string UserListFile => Path.Combine(StateDirectory, "userlist.txt");

    public List<PgBouncerDatabaseResource> Databases { get; } = [];
}
