using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Migrations.ClickHouse;

/// <summary>
/// Table engines for a cluster (PostHog's table_engines.py scheme) or, without a cluster, for one plain server:
/// sharded tables replicate per shard, unsharded ones keep a full copy on every node, reads go through Distributed.
/// </summary>
public sealed class ClickHouseEngines(string database, string? cluster)
{
    public string Database { get; } = database;

    public bool Clustered => !string.IsNullOrEmpty(cluster);

    /// <summary><c> ON CLUSTER name</c>, or nothing on a single server.</summary>
    public string OnCluster => Clustered ? $" ON CLUSTER {ClickHouseLiteral.Identifier(cluster!)}" : string.Empty;

    public string Table(string name) => $"{ClickHouseLiteral.Identifier(Database)}.{ClickHouseLiteral.Identifier(name)}";

    /// <summary>Per-shard storage; replicas of one shard share a ZooKeeper path.</summary>
    public string Sharded(string table, string mergeTree, string? arguments = null) =>
        Engine(table, mergeTree, arguments, "{shard}", "{replica}");

    /// <summary>Unsharded storage: every node of the cluster is a replica of the same table.</summary>
    public string ReplicatedEverywhere(string table, string mergeTree, string? arguments = null) =>
        Engine(table, mergeTree, arguments, "noshard", "{replica}-{shard}");

    public string Distributed(string localTable, string shardingKey) =>
        $"Distributed({ClickHouseLiteral.Identifier(cluster!)}, {ClickHouseLiteral.Identifier(Database)}, {ClickHouseLiteral.Identifier(localTable)}, {shardingKey})";

    private string Engine(string table, string mergeTree, string? arguments, string shardPath, string replica)
    {
        if (!Clustered)
        {
            return $"{mergeTree}({arguments})";
        }

        var path = ClickHouseLiteral.String($"/clickhouse/tables/{shardPath}/posthog.{Database}.{table}");
        var replicated = $"Replicated{mergeTree}({path}, {ClickHouseLiteral.String(replica)}";
        return arguments is null ? replicated + ")" : $"{replicated}, {arguments})";
    }
}
