using k8s;

namespace PostHog.Hosting.Kubernetes.Kustomize;

/// <summary>
/// The output tree, kustomize style (as Aspirate writes it): a folder per resource with its own kustomization.yaml,
/// and a top-level kustomization.yaml that sets the namespace, lists every folder and names every image.
/// </summary>
public sealed class KustomizeLayout
{
    private readonly List<KustomizeFolder> _folders = [];

    public List<string> TopLevelResources { get; } = [];

    public SortedSet<string> Images { get; } = new(StringComparer.Ordinal);

    /// <summary>Files at the root besides kustomization.yaml (README, namespace.yaml is an object below).</summary>
    public SortedDictionary<string, string> RootFiles { get; } = new(StringComparer.Ordinal);

    public List<(string File, IKubernetesObject Object)> RootObjects { get; } = [];

    public IReadOnlyList<KustomizeFolder> Folders => _folders;

    public KustomizeFolder Folder(string name)
    {
        var folder = _folders.FirstOrDefault(f => f.Name == name);
        if (folder is null)
        {
            folder = new KustomizeFolder(name);
            _folders.Add(folder);
        }

        return folder;
    }

    /// <summary>Every file as relative path → text; '/' separators, LF line ends.</summary>
    public SortedDictionary<string, string> Render(string @namespace)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, text) in RootFiles)
        {
            files[file] = text;
        }

        foreach (var (file, kubernetesObject) in RootObjects)
        {
            files[file] = Yaml(kubernetesObject);
        }

        var folders = _folders.Where(f => f.Objects.Count > 0 || f.SecretGenerators.Count > 0).ToList();
        foreach (var folder in folders)
        {
            foreach (var (file, kubernetesObject) in folder.Objects)
            {
                files[$"{folder.Name}/{file}"] = Yaml(kubernetesObject);
            }

            foreach (var (file, text) in folder.Files)
            {
                files[$"{folder.Name}/{file}"] = text;
            }

            files[$"{folder.Name}/kustomization.yaml"] = Yaml(new Kustomization
            {
                Resources = folder.Objects.Count > 0 ? [.. folder.Objects.Select(o => o.File)] : null,
                SecretGenerator = folder.SecretGenerators.Count > 0 ? folder.SecretGenerators : null,
                GeneratorOptions = folder.SecretGenerators.Count > 0 ? new KustomizeGeneratorOptions { DisableNameSuffixHash = true } : null,
            });
        }

        files["kustomization.yaml"] = Yaml(new Kustomization
        {
            Namespace = @namespace,
            Resources = [.. RootObjects.Select(o => o.File), .. TopLevelResources, .. folders.Select(f => f.Name)],
            Images = [.. Images.Select(KustomizeImageOf)],
        });
        return files;
    }

    private static KustomizeImage KustomizeImageOf(string reference)
    {
        // registry/name:tag → name without tag (a registry port's colon comes before the last slash).
        var slash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        var (name, tag) = colon > slash ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
        return new KustomizeImage { Name = name, NewName = name, NewTag = tag };
    }

    private static string Yaml(object value)
    {
        var text = KubernetesYaml.Serialize(value).ReplaceLineEndings("\n");
        return text.EndsWith('\n') ? text : text + "\n";
    }
}
