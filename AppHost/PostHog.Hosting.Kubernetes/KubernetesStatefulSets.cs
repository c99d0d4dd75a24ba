using k8s.Models;

namespace PostHog.Hosting.Kubernetes;

/// <summary>A backing server as a StatefulSet: stable pod names through its headless Service, one volume claim per pod.</summary>
public static class KubernetesStatefulSets
{
    public const string DataVolume = "data";

    public static V1StatefulSet Create(
        string resourceName, string component, int replicas, V1Container container, string storage, string mountPath, long? fsGroup = null)
    {
        container.VolumeMounts = [new V1VolumeMount { Name = DataVolume, MountPath = mountPath }];
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = KubernetesLabels.Metadata(resourceName, resourceName, component),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = KubernetesServices.HeadlessName(resourceName),
                Replicas = replicas,
                // Quorum members must all start to elect; ordered start would wait on a pod that waits on its peers.
                PodManagementPolicy = replicas > 1 ? "Parallel" : null,
                Selector = new V1LabelSelector { MatchLabels = KubernetesLabels.Selector(resourceName) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = KubernetesLabels.Of(resourceName, component) },
                    Spec = new V1PodSpec
                    {
                        SecurityContext = fsGroup is { } group ? new V1PodSecurityContext { FsGroup = group } : null,
                        Containers = [container],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = DataVolume },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new ResourceQuantity(storage) },
                            },
                        },
                    },
                ],
            },
        };
    }

    public static V1Probe Tcp(string port, int periodSeconds = 10, int initialDelaySeconds = 0) => new()
    {
        TcpSocket = new V1TCPSocketAction { Port = port },
        PeriodSeconds = periodSeconds,
        InitialDelaySeconds = initialDelaySeconds > 0 ? initialDelaySeconds : null,
    };

    public static V1Probe Exec(int periodSeconds, params string[] command) => new()
    {
        Exec = new V1ExecAction { Command = command },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 5,
    };
}
