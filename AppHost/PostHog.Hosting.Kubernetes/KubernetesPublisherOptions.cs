using Microsoft.Extensions.Configuration;

namespace PostHog.Hosting.Kubernetes;

/// <summary>
/// What the model does not say about a cluster: namespace, image names, replica counts, storage. Read from configuration
/// <c>Kubernetes:*</c> (e.g. <c>--Kubernetes:ImageTag=1.4.0</c>); the defaults are what the committed <c>manifests/</c> hold.
/// </summary>
public sealed class KubernetesPublisherOptions
{
    public const string SectionName = "Kubernetes";

    public string Namespace { get; set; } = "posthog";

    /// <summary>Project images are <c>{ImageRegistry}/{resource}:{ImageTag}</c>; kustomize's <c>images:</c> can rename them at deploy time.</summary>
    public string ImageRegistry { get; set; } = "registry.example.com/posthog-aspire";

    public string ImageTag { get; set; } = "latest";

    public string IngressClassName { get; set; } = "nginx";

    /// <summary>The Ingress host; empty means every host.</summary>
    public string IngressHost { get; set; } = string.Empty;

    /// <summary>Kafka brokers (KRaft, each also a controller).</summary>
    public int KafkaBrokers { get; set; } = 3;

    /// <summary>Replicas of a project when the model says one: the services the Ingress routes to get two, for rolling updates.</summary>
    public int RoutedServiceReplicas { get; set; } = 2;

    /// <summary>Per-resource replica overrides (<c>Kubernetes:Replicas:capture=4</c>).</summary>
    public Dictionary<string, int> Replicas { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Size of each backing server's persistent volume claim.</summary>
    public Dictionary<string, string> Storage { get; set; } = new(StringComparer.Ordinal)
    {
        ["postgres"] = "20Gi",
        ["redis"] = "2Gi",
        ["kafka"] = "20Gi",
        ["zookeeper"] = "2Gi",
        ["clickhouse"] = "50Gi",
    };

    /// <summary>Init container image for TCP waits (busybox nc).</summary>
    public string WaitImage { get; set; } = "docker.io/library/busybox:1.36";

    /// <summary>Init container image that waits for the migrations Job (<c>kubectl wait</c>).</summary>
    public string KubectlImage { get; set; } = "registry.k8s.io/kubectl:v1.31.0";

    public static KubernetesPublisherOptions From(IConfiguration configuration)
    {
        var options = new KubernetesPublisherOptions();
        configuration.GetSection(SectionName).Bind(options);
        return options;
    }

    public string StorageOf(string resourceName) => Storage.TryGetValue(resourceName, out var size) ? size : "10Gi";
}
