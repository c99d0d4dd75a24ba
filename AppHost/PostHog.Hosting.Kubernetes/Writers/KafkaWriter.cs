using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using PostHog.Hosting.Servers.Kafka;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>
/// Kafka in production is Apache Kafka itself (never the local stand-in broker): a KRaft StatefulSet of the official
/// image where every broker is also a controller. Node id and advertised name come from the pod's ordinal at start.
/// </summary>
public sealed class KafkaWriter : KubernetesResourceWriter<KafkaServerResource>
{
    public const int ClientPort = 9092;
    public const int ControllerPort = 9093;

    protected override void RegisterAddresses(KafkaServerResource resource, KubernetesPublishingContext context)
    {
        var address = new KubernetesEndpointAddress("tcp", resource.Name, ClientPort);
        context.Addresses.Register(resource.Name, KafkaServerResource.PrimaryEndpointName, address);
        context.Addresses.RegisterReadiness(resource.Name, address);
    }

    protected override Task WriteAsync(KafkaServerResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken)
    {
        var name = resource.Name;
        var brokers = context.Options.KafkaBrokers;
        var headless = KubernetesServices.HeadlessName(name);
        var voters = string.Join(',', Enumerable.Range(0, brokers).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i}@{name}-{i}.{headless}:{ControllerPort}")));
        var replication = Math.Min(3, brokers).ToString(CultureInfo.InvariantCulture);
        var minInSync = Math.Max(1, Math.Min(3, brokers) - 1).ToString(CultureInfo.InvariantCulture);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CLUSTER_ID"] = ClusterId(context.Options.Namespace, name),
            ["KAFKA_PROCESS_ROLES"] = "broker,controller",
            ["KAFKA_LISTENERS"] = $"PLAINTEXT://:{ClientPort},CONTROLLER://:{ControllerPort}",
            ["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] = "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            ["KAFKA_CONTROLLER_LISTENER_NAMES"] = "CONTROLLER",
            ["KAFKA_INTER_BROKER_LISTENER_NAME"] = "PLAINTEXT",
            ["KAFKA_CONTROLLER_QUORUM_VOTERS"] = voters,
            ["KAFKA_LOG_DIRS"] = "/var/lib/kafka/data/logs",
            ["KAFKA_DEFAULT_REPLICATION_FACTOR"] = replication,
            ["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] = replication,
            ["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] = replication,
            ["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"] = minInSync,
            ["KAFKA_MIN_INSYNC_REPLICAS"] = minInSync,
            ["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] = "false",
        };
        var environment = ContainerEnvironment.From(variables, context);
        var folder = context.Folder(name);
        folder.Add(environment.ConfigMap(name, "broker")!);
        var container = new V1Container
        {
            Name = name,
            Image = context.Image(KubernetesImages.ReferenceOf(resource)),
            // The pod's ordinal is its node id; it advertises its own stable DNS name.
            Command =
            [
                "/bin/bash", "-c",
                $"export KAFKA_NODE_ID=\"${{HOSTNAME##*-}}\" KAFKA_ADVERTISED_LISTENERS=\"PLAINTEXT://${{HOSTNAME}}.{headless}:{ClientPort}\"\nexec /etc/kafka/docker/run\n",
            ],
            Ports = KubernetesServices.ContainerPorts(("tcp", ClientPort), ("controller", ControllerPort)),
            EnvFrom = environment.EnvFrom(name),
            ReadinessProbe = KubernetesStatefulSets.Tcp("tcp", periodSeconds: 10, initialDelaySeconds: 10),
            LivenessProbe = KubernetesStatefulSets.Tcp("controller", periodSeconds: 20, initialDelaySeconds: 60),
        };
        // The image runs as appuser (uid 1000): the volume must be writable by its group.
        folder.Add(KubernetesStatefulSets.Create(name, "broker", brokers, container, context.Options.StorageOf(name), "/var/lib/kafka/data", fsGroup: 1000));
        folder.Add(KubernetesServices.ClusterIp(name, "broker", ("tcp", ClientPort)), "service.yaml");
        folder.Add(KubernetesServices.Headless(name, "broker", ("tcp", ClientPort), ("controller", ControllerPort)), "service-headless.yaml");
        return Task.CompletedTask;
    }

    /// <summary>KRaft's cluster id (16 bytes, base64url): stable for a namespace and name, so a re-publish does not orphan the data.</summary>
    public static string ClusterId(string @namespace, string name)
        => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{@namespace}/{name}"))[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
