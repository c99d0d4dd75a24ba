using k8s.Models;

namespace PostHog.Hosting.Kubernetes;

/// <summary>The namespace everything lives in (the top-level kustomization also sets it on every object).</summary>
public static class KubernetesNamespace
{
    public static V1Namespace Create(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [KubernetesLabels.PartOf] = "posthog",
                [KubernetesLabels.ManagedBy] = "posthog-apphost",
            },
        },
    };
}
