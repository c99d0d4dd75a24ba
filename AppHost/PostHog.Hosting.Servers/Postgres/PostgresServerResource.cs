using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.Postgres;

/// <summary>
/// A PostgreSQL 15 server run natively as the <c>postgres</c> user (setpriv execs it, so the pid is postgres itself),
/// with its cluster under <c>{state}/{name}/data</c>. Same connection string and properties as Aspire's.
/// </summary>
public sealed class PostgresServerResource(string name, string stateDirectory, ParameterResource? userName, ParameterResource password)
    : ExecutableResource(name, DebianPackage.SetPriv.Path, stateDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public const string DefaultUserName = "postgres";

    /// <summary>The system user the server runs as (postgres refuses to run as root).</summary>
    public const string SystemUser = "postgres";

    public ParameterResource? UserNameParameter { get; } = userName;

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <summary>The user name parameter, or the literal <c>postgres</c>.</summary>
    public object UserNameReference => (object?)UserNameParameter ?? DefaultUserName;

    public async ValueTask<string> GetUserNameAsync(CancellationToken cancellationToken = default)
        => UserNameParameter is null ? DefaultUserName : await UserNameParameter.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? DefaultUserName;

    public string StateDirectory => WorkingDirectory;

    public string DataDirectory => Path.Combine(StateDirectory, "data");

    public string SocketDirectory => Path.Combine(StateDirectory, "run");

    /// <summary>Database resource name → database name, created on ResourceReadyEvent if missing.</summary>
    public Dictionary<string, string> Databases { get; } = new(StringComparer.Ordinal);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserNameReference};Password={PasswordParameter}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}")),
        new("Port", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Port)}")),
        new("Username", ReferenceExpression.Create($"{UserNameReference}")),
        new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
        new("Uri", ReferenceExpression.Create($"postgresql://{UserNameReference}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}")),
        new("JdbcConnectionString", ReferenceExpression.Create($"jdbc:postgresql://{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}")),
    ];
}
