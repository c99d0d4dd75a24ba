using k8s;

namespace PostHog.Hosting.Kubernetes.Kustomize;

/// <summary>One resource's folder: its objects (one per file, listed in its kustomization) and any generator inputs.</summary>
public sealed class KustomizeFolder(string name)
{
    private readonly List<(string File, IKubernetesObject Object)> _objects = [];

    public string Name { get; } = name;

    public IReadOnlyList<(string File, IKubernetesObject Object)> Objects => _objects;

    public List<KustomizeSecretGenerator> SecretGenerators { get; } = [];

    /// <summary>Plain files beside the objects (an example env file), not kustomize resources.</summary>
    public SortedDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="kubernetesObject"/> as <c>{kind}.yaml</c>, or <c>{kind}-{name}.yaml</c> when the kind repeats.</summary>
    public KustomizeFolder Add(IKubernetesObject kubernetesObject, string? fileName = null)
    {
        var file = fileName ?? $"{kubernetesObject.Kind.ToLowerInvariant()}.yaml";
        if (_objects.Any(o => o.File == file))
        {
            throw new InvalidOperationException($"Folder '{Name}' already has {file}: pass a file name.");
        }

        _objects.Add((file, kubernetesObject));
        return this;
    }
}
