using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;
using PostHog.Hosting.Servers.ZooKeeper;

namespace PostHog.Hosting.Servers.ClickHouse;

/// <summary>
/// A ClickHouse cluster (remote_servers name <c>posthog</c>): no process of its own, its nodes are child resources
/// <c>{name}-s{shard}-r{replica}</c>. The connection string lists every node's HTTP URL so clients can fail over.
/// </summary>
public sealed class ClickHouseClusterResource(string name, int shards, int replicas, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public const string ClusterName = "posthog";

    public const string UserName = "default";

    public const string DatabaseName = "default";

    public const string DistributedDdlPath = "/clickhouse/task_queue/ddl";

    public int Shards { get; } = shards;

    public int Replicas { get; } = replicas;

    public ParameterResource PasswordParameter { get; } = password;

    public List<ClickHouseNodeResource> Nodes { get; } = [];

    /// <summary>Set by WithReference(zookeeper): replication and ON CLUSTER DDL. Without it tables can't be Replicated*.</summary>
    public ZooKeeperEnsembleResource? ZooKeeper { get; set; }

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint={HttpUrls};Username={UserName};Password={PasswordParameter};Database={DatabaseName};Cluster={ClusterName}");

    private JoinedExpression HttpUrls => new(",", [.. Nodes.Select(n => ReferenceExpression.Create($"{n.HttpEndpoint.Property(EndpointProperty.Url)}"))]);

    /// <summary>Aspire's ClickHouse properties (Host/Port of the first node) plus the node list, database and cluster.</summary>
    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{Nodes[0].HttpEndpoint.Property(EndpointProperty.Host)}")),
        new("Port", ReferenceExpression.Create($"{Nodes[0].HttpEndpoint.Property(EndpointProperty.Port)}")),
        new("Endpoint", ReferenceExpression.Create($"{HttpUrls}")),
        new("Username", ReferenceExpression.Create($"{UserName}")),
        new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
        new("Database", ReferenceExpression.Create($"{DatabaseName}")),
        new("Cluster", ReferenceExpression.Create($"{ClusterName}")),
    ];
}
