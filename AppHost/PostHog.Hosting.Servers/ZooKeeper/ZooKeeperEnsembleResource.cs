using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.ZooKeeper;

/// <summary>A ZooKeeper ensemble: no process of its own, its nodes are child resources <c>{name}-1..n</c>.</summary>
public sealed class ZooKeeperEnsembleResource(string name) : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public List<ZooKeeperNodeResource> Nodes { get; } = [];

    /// <summary>Nodes that must be serving for the ensemble to accept writes.</summary>
    public int Quorum => (Nodes.Count / 2) + 1;

    /// <summary><c>127.0.0.1:p1,127.0.0.1:p2,…</c> — what ZooKeeper clients (ClickHouse, Kazoo, curator) take.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{new JoinedExpression(",", [.. Nodes.Select(n => ReferenceExpression.Create($"{n.ClientEndpoint.Property(EndpointProperty.HostAndPort)}"))])}");
}
