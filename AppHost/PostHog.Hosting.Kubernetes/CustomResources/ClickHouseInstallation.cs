using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace PostHog.Hosting.Kubernetes.CustomResources;

/// <summary>
/// The Altinity clickhouse-operator's <c>ClickHouseInstallation</c> (clickhouse.altinity.com/v1), only the fields we
/// write: cluster layout, ZooKeeper, users, and the pod and volume templates. The operator creates the StatefulSets,
/// a Service per replica (<c>chi-{installation}-{cluster}-{shard}-{replica}</c>), macros and remote_servers.
/// </summary>
public sealed class ClickHouseInstallation : IKubernetesObject<V1ObjectMeta>
{
    public const string KubeApiVersion = "clickhouse.altinity.com/v1";
    public const string KubeKind = "ClickHouseInstallation";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KubeApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public ClickHouseInstallationSpec Spec { get; set; } = new();

    /// <summary>The operator's Service for one replica (0-based shard and replica indexes).</summary>
    public static string ReplicaServiceName(string installation, string cluster, int shardIndex, int replicaIndex)
        => FormattableString.Invariant($"chi-{installation}-{cluster}-{shardIndex}-{replicaIndex}");
}

public sealed class ClickHouseInstallationSpec
{
    [JsonPropertyName("defaults")]
    public ClickHouseDefaults? Defaults { get; set; }

    [JsonPropertyName("configuration")]
    public ClickHouseConfiguration Configuration { get; set; } = new();

    [JsonPropertyName("templates")]
    public ClickHouseTemplates? Templates { get; set; }
}

public sealed class ClickHouseDefaults
{
    [JsonPropertyName("templates")]
    public ClickHouseTemplateNames? Templates { get; set; }
}

public sealed class ClickHouseTemplateNames
{
    [JsonPropertyName("podTemplate")]
    public string? PodTemplate { get; set; }

    [JsonPropertyName("dataVolumeClaimTemplate")]
    public string? DataVolumeClaimTemplate { get; set; }
}

public sealed class ClickHouseConfiguration
{
    [JsonPropertyName("zookeeper")]
    public ClickHouseZooKeeper? Zookeeper { get; set; }

    /// <summary><c>user/setting</c> → value, e.g. <c>default/k8s_secret_password</c> → <c>secret/key</c>, <c>default/networks/ip</c> → list.</summary>
    [JsonPropertyName("users")]
    public Dictionary<string, object>? Users { get; set; }

    [JsonPropertyName("clusters")]
    public List<ClickHouseCluster> Clusters { get; set; } = [];
}

public sealed class ClickHouseZooKeeper
{
    [JsonPropertyName("nodes")]
    public List<ClickHouseZooKeeperNode> Nodes { get; set; } = [];
}

public sealed class ClickHouseZooKeeperNode
{
    [JsonPropertyName("host")]
    public string Host { get; set; } = string.Empty;

    [JsonPropertyName("port")]
    public int Port { get; set; }
}

public sealed class ClickHouseCluster
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("layout")]
    public ClickHouseLayout Layout { get; set; } = new();
}

public sealed class ClickHouseLayout
{
    [JsonPropertyName("shardsCount")]
    public int ShardsCount { get; set; }

    [JsonPropertyName("replicasCount")]
    public int ReplicasCount { get; set; }
}

public sealed class ClickHouseTemplates
{
    [JsonPropertyName("podTemplates")]
    public List<ClickHousePodTemplate>? PodTemplates { get; set; }

    [JsonPropertyName("volumeClaimTemplates")]
    public List<ClickHouseVolumeClaimTemplate>? VolumeClaimTemplates { get; set; }
}

public sealed class ClickHousePodTemplate
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("spec")]
    public V1PodSpec Spec { get; set; } = new();
}

public sealed class ClickHouseVolumeClaimTemplate
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("spec")]
    public V1PersistentVolumeClaimSpec Spec { get; set; } = new();
}
