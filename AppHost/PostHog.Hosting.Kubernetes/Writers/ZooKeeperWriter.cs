using System.Globalization;
using k8s.Models;
using PostHog.Hosting.Servers.ZooKeeper;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>
/// The ensemble as one StatefulSet of the official image with a pod per model node (<c>zookeeper-1</c> is pod
/// <c>zookeeper-0</c>, reached as <c>zookeeper-0.zookeeper-headless</c>); the pod's ordinal gives its myid.
/// </summary>
public sealed class ZooKeeperWriter : KubernetesResourceWriter<ZooKeeperEnsembleResource>
{
    public const int ClientPort = 2181;
    public const int PeerPort = 2888;
    public const int ElectionPort = 3888;

    public static string PodHost(ZooKeeperEnsembleResource ensemble, ZooKeeperNodeResource node)
        => string.Create(CultureInfo.InvariantCulture, $"{ensemble.Name}-{node.Id - 1}.{KubernetesServices.HeadlessName(ensemble.Name)}");

    protected override void RegisterAddresses(ZooKeeperEnsembleResource resource, KubernetesPublishingContext context)
    {
        var clients = new List<KubernetesEndpointAddress>();
        foreach (var node in resource.Nodes)
        {
            var host = PodHost(resource, node);
            var client = new KubernetesEndpointAddress("tcp", host, ClientPort);
            context.Addresses.Register(node.Name, ZooKeeperNodeResource.ClientEndpointName, client);
            context.Addresses.Register(node.Name, ZooKeeperNodeResource.PeerEndpointName, new KubernetesEndpointAddress("tcp", host, PeerPort));
            context.Addresses.Register(node.Name, ZooKeeperNodeResource.ElectionEndpointName, new KubernetesEndpointAddress("tcp", host, ElectionPort));
            clients.Add(client);
        }

        context.Addresses.RegisterReadiness(resource.Name, [.. clients]);
    }

    protected override Task WriteAsync(ZooKeeperEnsembleResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken)
    {
        var name = resource.Name;
        var servers = string.Join(' ', resource.Nodes.Select(n =>
            string.Create(CultureInfo.InvariantCulture, $"server.{n.Id}={PodHost(resource, n)}:{PeerPort}:{ElectionPort};{ClientPort}")));
        var environment = ContainerEnvironment.From(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ZOO_SERVERS"] = servers,
            ["ZOO_4LW_COMMANDS_WHITELIST"] = "srvr,ruok,mntr",
            ["ZOO_STANDALONE_ENABLED"] = resource.Nodes.Count == 1 ? "true" : "false",
            // A pod binds its own address, not the headless name that resolves only once it is published.
            ["ZOO_CFG_EXTRA"] = "quorumListenOnAllIPs=true",
        }, context);
        var folder = context.Folder(name);
        folder.Add(environment.ConfigMap(name, "coordination")!);
        var container = new V1Container
        {
            Name = name,
            Image = context.Image(KubernetesImages.ReferenceOf(resource)),
            Command = ["/bin/bash", "-c", "export ZOO_MY_ID=$((${HOSTNAME##*-} + 1))\nexec /docker-entrypoint.sh zkServer.sh start-foreground\n"],
            Ports = KubernetesServices.ContainerPorts(("client", ClientPort), ("peer", PeerPort), ("election", ElectionPort)),
            EnvFrom = environment.EnvFrom(name),
            ReadinessProbe = KubernetesStatefulSets.Tcp("client"),
            LivenessProbe = KubernetesStatefulSets.Tcp("client", periodSeconds: 20, initialDelaySeconds: 20),
        };
        // The image runs as zookeeper (uid/gid 1000) and keeps its data in /data.
        folder.Add(KubernetesStatefulSets.Create(name, "coordination", resource.Nodes.Count, container, context.Options.StorageOf(name), "/data", fsGroup: 1000));
        folder.Add(KubernetesServices.ClusterIp(name, "coordination", ("client", ClientPort)), "service.yaml");
        folder.Add(KubernetesServices.Headless(name, "coordination", ("client", ClientPort), ("peer", PeerPort), ("election", ElectionPort)), "service-headless.yaml");
        if (resource.Nodes.Count == 1)
        {
            return Task.CompletedTask;
        }

        folder.Add(new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = KubernetesLabels.Metadata(name, name, "coordination"),
            Spec = new V1PodDisruptionBudgetSpec
            {
                // Voluntary evictions keep a quorum.
                MaxUnavailable = Math.Max(0, resource.Nodes.Count - resource.Quorum),
                Selector = new V1LabelSelector { MatchLabels = KubernetesLabels.Selector(name) },
            },
        });
        return Task.CompletedTask;
    }
}
