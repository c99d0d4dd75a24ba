using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.ClickHouse;

/// <summary>One clickhouse-server of a cluster, with its own config.xml, users.xml and data under its state folder.</summary>
public sealed class ClickHouseNodeResource(string name, string stateDirectory, int shard, int replica, ClickHouseClusterResource parent)
    : ExecutableResource(name, DebianPackage.ClickHouse.Path, stateDirectory), IResourceWithParent<ClickHouseClusterResource>
{
    public const string HttpEndpointName = "http";
    public const string TcpEndpointName = "tcp";
    public const string InterserverEndpointName = "interserver";

    public ClickHouseClusterResource Parent { get; } = parent;

    /// <summary>1-based shard number (the <c>shard</c> macro).</summary>
    public int Shard { get; } = shard;

    /// <summary>1-based replica number within the shard.</summary>
    public int Replica { get; } = replica;

    /// <summary>The <c>replica</c> macro: unique within a shard and stable across runs.</summary>
    public string ReplicaName => Name;

    public EndpointReference HttpEndpoint => new(this, HttpEndpointName);

    public EndpointReference TcpEndpoint => new(this, TcpEndpointName);

    public EndpointReference InterserverEndpoint => new(this, InterserverEndpointName);

    public string StateDirectory => WorkingDirectory;

    public string ConfigFile => Path.Combine(StateDirectory, "config.xml");

    public string UsersFile => Path.Combine(StateDirectory, "users.xml");
}
