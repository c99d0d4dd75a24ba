using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Kubernetes;

/// <summary>The image reference of a backing server's <c>PublishAsContainer</c> annotation.</summary>
public static class KubernetesImages
{
    public static string Reference(ContainerImageAnnotation image)
        => image.Registry is { Length: > 0 } registry ? $"{registry}/{image.Image}:{image.Tag}" : $"{image.Image}:{image.Tag}";

    public static string ReferenceOf(IResource resource)
        => Reference(resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault()
            ?? throw new InvalidOperationException($"'{resource.Name}' has no container image (PublishAsContainer)."));
}
