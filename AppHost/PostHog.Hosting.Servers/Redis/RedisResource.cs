using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.Redis;

/// <summary>How a Redis resource keeps its data between runs.</summary>
public enum RedisPersistence
{
    /// <summary>Append-only file, fsync every second: at most a second lost on a crash. Our default (see AddRedis).</summary>
    AppendOnly,

    /// <summary>Nothing on disk: a pure cache that starts empty every run.</summary>
    None,
}

/// <summary>redis-server run natively with its own config and data dir; Aspire's connection string and properties.</summary>
public sealed class RedisResource(string name, string stateDirectory, ParameterResource password)
    : ExecutableResource(name, DebianPackage.Redis.Path, stateDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    public RedisPersistence Persistence { get; set; } = RedisPersistence.AppendOnly;

    public string StateDirectory => WorkingDirectory;

    public string DataDirectory => Path.Combine(StateDirectory, "data");

    public string ConfigFile => Path.Combine(StateDirectory, "redis.conf");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}")),
        new("Port", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Port)}")),
        new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
        new("Uri", ReferenceExpression.Create($"redis://:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}")),
    ];
}
