using System.Globalization;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.ZooKeeper;

/// <summary><c>AddZooKeeper(name, nodes)</c>: an ensemble of native ZooKeeper 3.8 servers on loopback.</summary>
public static class ZooKeeperBuilderExtensions
{
    public static IResourceBuilder<ZooKeeperEnsembleResource> AddZooKeeper(this IDistributedApplicationBuilder builder, string name, int nodes = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        var ensemble = new ZooKeeperEnsembleResource(name);
        var result = builder.AddResource(ensemble)
            .WithServerHealthCheck(_ => new ZooKeeperEnsembleHealthCheck(ensemble))
            .PublishAsContainer(ServerImages.ZooKeeper.Image, ServerImages.ZooKeeper.Tag, ServerImages.ZooKeeper.Registry);

        for (var id = 1; id <= nodes; id++)
        {
            var nodeName = string.Create(CultureInfo.InvariantCulture, $"{name}-{id}");
            var node = new ZooKeeperNodeResource(nodeName, builder.StateDirectoryOf(nodeName), id, ensemble);
            ensemble.Nodes.Add(node);
            builder.AddResource(node)
                .WithEndpoint(targetPort: 2181, scheme: "tcp", name: ZooKeeperNodeResource.ClientEndpointName)
                .WithEndpoint(targetPort: 2888, scheme: "tcp", name: ZooKeeperNodeResource.PeerEndpointName)
                .WithEndpoint(targetPort: 3888, scheme: "tcp", name: ZooKeeperNodeResource.ElectionEndpointName)
                .WithRunArgs([.. ZooKeeperConfig.JavaArguments(node.ConfigFile, DebianPackage.ZooKeeperJar.Path, DebianPackage.Slf4jSimpleJar.Path)])
                .WithInstallHint(DebianPackage.Java.InstallHint)
                .WithServerHealthCheck(_ => new ZooKeeperNodeHealthCheck(node))
                .OnBeforeStart((n, _) =>
                {
                    Prepare(n);
                    return Task.CompletedTask;
                })
                .ExcludeFromManifest();
        }

        return result;
    }

    private static void Prepare(ZooKeeperNodeResource node)
    {
        DebianPackage.EnsureInstalled(DebianPackage.Java, DebianPackage.ZooKeeperJar, DebianPackage.Slf4jSimpleJar);
        ServerFiles.EnsureDirectory(node.DataDirectory);
        File.WriteAllText(Path.Combine(node.DataDirectory, "myid"), node.Id.ToString(CultureInfo.InvariantCulture));
        var peers = node.Parent.Nodes.Select(n => new ZooKeeperPeer(n.Id, n.PeerEndpoint.Port, n.ElectionEndpoint.Port)).ToList();
        ServerFiles.WritePlain(node.ConfigFile, ZooKeeperConfig.Render(node.DataDirectory, node.ClientEndpoint.Port, peers));
    }
}
