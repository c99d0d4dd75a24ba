using k8s.Models;
using PostHog.Hosting.Kubernetes.CustomResources;
using PostHog.Hosting.Servers.ClickHouse;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>
/// The ClickHouse cluster as an operator-managed ClickHouseInstallation with the model's shards × replicas, replicated
/// through the model's ZooKeeper ensemble; the default user's password is read by the operator from the parameters
/// Secret. Each model node (<c>clickhouse-s1-r2</c>) is the operator's replica Service (<c>chi-clickhouse-posthog-0-1</c>).
/// Needs the Altinity clickhouse-operator installed in the cluster (its CRDs are not part of these manifests).
/// </summary>
public sealed class ClickHouseWriter : KubernetesResourceWriter<ClickHouseClusterResource>
{
    public const int HttpPort = 8123;
    public const int NativePort = 9000;
    public const int InterserverPort = 9009;
    private const string PodTemplate = "clickhouse";
    private const string DataTemplate = "data";

    protected override void RegisterAddresses(ClickHouseClusterResource resource, KubernetesPublishingContext context)
    {
        var readiness = new List<KubernetesEndpointAddress>();
        foreach (var node in resource.Nodes)
        {
            var host = ClickHouseInstallation.ReplicaServiceName(resource.Name, ClickHouseClusterResource.ClusterName, node.Shard - 1, node.Replica - 1);
            var http = new KubernetesEndpointAddress("http", host, HttpPort);
            context.Addresses.Register(node.Name, ClickHouseNodeResource.HttpEndpointName, http);
            context.Addresses.Register(node.Name, ClickHouseNodeResource.TcpEndpointName, new KubernetesEndpointAddress("tcp", host, NativePort));
            context.Addresses.Register(node.Name, ClickHouseNodeResource.InterserverEndpointName, new KubernetesEndpointAddress("tcp", host, InterserverPort));
            readiness.Add(http);
        }

        context.Addresses.RegisterReadiness(resource.Name, [.. readiness]);
    }

    protected override Task WriteAsync(ClickHouseClusterResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken)
    {
        var name = resource.Name;
        var zookeeper = resource.ZooKeeper?.Nodes
            .Select(n => context.Addresses.Get(n.Name, Servers.ZooKeeper.ZooKeeperNodeResource.ClientEndpointName))
            .Select(a => new ClickHouseZooKeeperNode { Host = a.Host, Port = a.Port })
            .ToList();
        var installation = new ClickHouseInstallation
        {
            Metadata = KubernetesLabels.Metadata(name, name, "analytics-database"),
            Spec = new ClickHouseInstallationSpec
            {
                Defaults = new ClickHouseDefaults
                {
                    Templates = new ClickHouseTemplateNames { PodTemplate = PodTemplate, DataVolumeClaimTemplate = DataTemplate },
                },
                Configuration = new ClickHouseConfiguration
                {
                    Zookeeper = zookeeper is { Count: > 0 } ? new ClickHouseZooKeeper { Nodes = zookeeper } : null,
                    Users = new Dictionary<string, object>(StringComparer.Ordinal)
                    {
                        [$"{ClickHouseClusterResource.UserName}/k8s_secret_password"] = $"{context.ParametersSecretName}/{resource.PasswordParameter.Name}",
                        // Services in any pod of the cluster connect as default (the operator's default allows only localhost).
                        [$"{ClickHouseClusterResource.UserName}/networks/ip"] = new List<string> { "::/0" },
                    },
                    Clusters =
                    [
                        new ClickHouseCluster
                        {
                            Name = ClickHouseClusterResource.ClusterName,
                            Layout = new ClickHouseLayout { ShardsCount = resource.Shards, ReplicasCount = resource.Replicas },
                        },
                    ],
                },
                Templates = new ClickHouseTemplates
                {
                    PodTemplates =
                    [
                        new ClickHousePodTemplate
                        {
                            Name = PodTemplate,
                            Spec = new V1PodSpec
                            {
                                Containers =
                                [
                                    new V1Container
                                    {
                                        Name = "clickhouse",
                                        Image = context.Image(KubernetesImages.ReferenceOf(resource)),
                                        Ports = KubernetesServices.ContainerPorts(("http", HttpPort), ("tcp", NativePort), ("interserver", InterserverPort)),
                                    },
                                ],
                            },
                        },
                    ],
                    VolumeClaimTemplates =
                    [
                        new ClickHouseVolumeClaimTemplate
                        {
                            Name = DataTemplate,
                            Spec = new V1PersistentVolumeClaimSpec
                            {
                                AccessModes = ["ReadWriteOnce"],
                                Resources = new V1VolumeResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new ResourceQuantity(context.Options.StorageOf(name)) },
                                },
                            },
                        },
                    ],
                },
            },
        };
        context.Folder(name).Add(installation, "clickhouseinstallation.yaml");
        return Task.CompletedTask;
    }
}
