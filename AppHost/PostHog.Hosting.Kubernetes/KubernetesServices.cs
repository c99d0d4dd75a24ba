using k8s.Models;

namespace PostHog.Hosting.Kubernetes;

/// <summary>The Services in front of workloads: a ClusterIP one by the resource's name, and a headless one for StatefulSet pod DNS.</summary>
public static class KubernetesServices
{
    public static string HeadlessName(string resourceName) => $"{resourceName}-headless";

    public static V1Service ClusterIp(string resourceName, string component, params (string Name, int Port)[] ports) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = KubernetesLabels.Metadata(resourceName, resourceName, component),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = KubernetesLabels.Selector(resourceName),
            Ports = [.. ports.Select(Port)],
        },
    };

    /// <summary>Gives each StatefulSet pod a stable name (<c>{pod}.{resource}-headless</c>), published before it is ready so peers can form a quorum.</summary>
    public static V1Service Headless(string resourceName, string component, params (string Name, int Port)[] ports) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = KubernetesLabels.Metadata(HeadlessName(resourceName), resourceName, component),
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = KubernetesLabels.Selector(resourceName),
            Ports = [.. ports.Select(Port)],
        },
    };

    public static List<V1ContainerPort> ContainerPorts(params (string Name, int Port)[] ports)
        => [.. ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.Port, Protocol = "TCP" })];

    private static V1ServicePort Port((string Name, int Port) port) => new()
    {
        Name = port.Name,
        Port = port.Port,
        TargetPort = port.Name,
        Protocol = "TCP",
    };
}
