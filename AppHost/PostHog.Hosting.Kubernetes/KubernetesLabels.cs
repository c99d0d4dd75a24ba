using k8s.Models;

namespace PostHog.Hosting.Kubernetes;

/// <summary>The recommended <c>app.kubernetes.io/*</c> labels; <c>name</c> alone is the selector, so it never changes.</summary>
public static class KubernetesLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Component = "app.kubernetes.io/component";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public static Dictionary<string, string> Selector(string resourceName) => new(StringComparer.Ordinal) { [Name] = resourceName };

    public static Dictionary<string, string> Of(string resourceName, string component) => new(StringComparer.Ordinal)
    {
        [Name] = resourceName,
        [Component] = component,
        [PartOf] = "posthog",
        [ManagedBy] = "posthog-apphost",
    };

    public static V1ObjectMeta Metadata(string name, string resourceName, string component) => new()
    {
        Name = name,
        Labels = Of(resourceName, component),
    };
}
