using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;
using PostHog.Hosting.Servers.ZooKeeper;

namespace PostHog.Hosting.Servers.ClickHouse;

/// <summary><c>AddClickHouse(name, shards, replicas)</c>: a cluster of native clickhouse-server processes on loopback.</summary>
public static class ClickHouseBuilderExtensions
{
    /// <summary>
    /// Nodes <c>{name}-s{shard}-r{replica}</c>, all in cluster <c>posthog</c>; the default user's password is the generated
    /// secret <c>{name}-password</c>. Add <c>.WithReference(zookeeper)</c> for Replicated* tables and ON CLUSTER DDL.
    /// </summary>
    public static IResourceBuilder<ClickHouseClusterResource> AddClickHouse(
        this IDistributedApplicationBuilder builder, string name, int shards = 1, int replicas = 1, IResourceBuilder<ParameterResource>? password = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        var passwordParameter = password?.Resource ?? builder.AddGeneratedParameter($"{name}-password", secret: true).Resource;
        var cluster = new ClickHouseClusterResource(name, shards, replicas, passwordParameter);
        builder.Services.AddHttpClient(ClickHouseHealthCheck.HttpClientName, c => c.Timeout = ServerResourceBuilderExtensions.ProbeTimeout);
        var result = builder.AddResource(cluster)
            .WithServerHealthCheck(sp => new ClickHouseHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), cluster.Nodes))
            .PublishAsContainer(ServerImages.ClickHouse.Image, ServerImages.ClickHouse.Tag, ServerImages.ClickHouse.Registry);

        for (var shard = 1; shard <= shards; shard++)
        {
            for (var replica = 1; replica <= replicas; replica++)
            {
                var nodeName = string.Create(CultureInfo.InvariantCulture, $"{name}-s{shard}-r{replica}");
                var node = new ClickHouseNodeResource(nodeName, builder.StateDirectoryOf(nodeName), shard, replica, cluster);
                cluster.Nodes.Add(node);
                builder.AddResource(node)
                    .WithHttpEndpoint(targetPort: 8123, name: ClickHouseNodeResource.HttpEndpointName)
                    .WithEndpoint(targetPort: 9000, scheme: "tcp", name: ClickHouseNodeResource.TcpEndpointName)
                    .WithEndpoint(targetPort: 9009, scheme: "tcp", name: ClickHouseNodeResource.InterserverEndpointName)
                    .WithRunArgs($"--config-file={node.ConfigFile}")
                    .WithInstallHint(DebianPackage.ClickHouse.InstallHint)
                    .WithServerHealthCheck(sp => new ClickHouseHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), [node]))
                    .OnBeforeStart((n, _) =>
                    {
                        Prepare(n);
                        return Task.CompletedTask;
                    })
                    .ExcludeFromManifest();
            }
        }

        return result;
    }

    /// <summary>Replication and distributed DDL through <paramref name="zookeeper"/>; every node waits for its quorum.</summary>
    public static IResourceBuilder<ClickHouseClusterResource> WithReference(
        this IResourceBuilder<ClickHouseClusterResource> builder, IResourceBuilder<ZooKeeperEnsembleResource> zookeeper)
    {
        builder.Resource.ZooKeeper = zookeeper.Resource;
        builder.WithAnnotation(new ResourceRelationshipAnnotation(zookeeper.Resource, "Reference"));
        foreach (var node in builder.Resource.Nodes)
        {
            builder.ApplicationBuilder.CreateResourceBuilder(node).WaitFor(zookeeper);
        }

        return builder;
    }

    /// <summary>The node's config as of this run's ports; data folders are created by the server itself.</summary>
    public static ClickHouseNodeLayout LayoutOf(ClickHouseNodeResource node)
    {
        var cluster = node.Parent;
        var shards = cluster.Nodes.GroupBy(n => n.Shard).OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<int>)[.. g.OrderBy(n => n.Replica).Select(n => n.TcpEndpoint.Port)])
            .ToList();
        var zookeeper = cluster.ZooKeeper?.Nodes.Select(z => z.ClientEndpoint.Port).ToList() ?? [];
        return new ClickHouseNodeLayout(node.StateDirectory, node.HttpEndpoint.Port, node.TcpEndpoint.Port, node.InterserverEndpoint.Port,
            node.Shard, node.ReplicaName, shards, zookeeper, cluster.PasswordParameter.Value);
    }

    private static void Prepare(ClickHouseNodeResource node)
    {
        DebianPackage.ClickHouse.EnsureInstalled();
        ServerFiles.EnsureDirectory(node.StateDirectory);
        ServerFiles.WriteSecret(node.ConfigFile, ClickHouseConfig.RenderConfig(LayoutOf(node)));
        ServerFiles.WriteSecret(node.UsersFile, ClickHouseConfig.RenderUsers(node.Parent.PasswordParameter.Value));
    }
}
