using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.ZooKeeper;

/// <summary>One ZooKeeper server (QuorumPeerMain on the JVM) of an ensemble, with its own zoo.cfg, myid and data dir.</summary>
public sealed class ZooKeeperNodeResource(string name, string stateDirectory, int id, ZooKeeperEnsembleResource parent)
    : ExecutableResource(name, DebianPackage.Java.Path, stateDirectory), IResourceWithParent<ZooKeeperEnsembleResource>
{
    public const string ClientEndpointName = "tcp";
    public const string PeerEndpointName = "peer";
    public const string ElectionEndpointName = "election";

    public ZooKeeperEnsembleResource Parent { get; } = parent;

    /// <summary>The server id (myid, <c>server.{Id}=…</c>), 1-based.</summary>
    public int Id { get; } = id;

    public EndpointReference ClientEndpoint => new(this, ClientEndpointName);

    public EndpointReference PeerEndpoint => new(this, PeerEndpointName);

    public EndpointReference ElectionEndpoint => new(this, ElectionEndpointName);

    public string StateDirectory => WorkingDirectory;

    public string DataDirectory => Path.Combine(StateDirectory, "data");

    public string ConfigFile => Path.Combine(StateDirectory, "zoo.cfg");
}
