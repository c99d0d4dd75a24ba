using System.Text.RegularExpressions;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Publishing;

/// <summary>
/// A cluster whose nodes are kept out of the manifest (ClickHouse shards/replicas, ZooKeeper servers) is one container
/// there: expressions naming a node are folded onto the cluster (<c>{clickhouse-s1-r1.bindings.http.url}</c> →
/// <c>{clickhouse.bindings.http.url}</c>, repeats collapsed), and the cluster takes its first node's bindings, so the
/// manifest never points at a resource it does not contain. The Kubernetes publisher keeps the real shape.
/// </summary>
public sealed partial class ManifestNodeFolding
{
    private readonly Dictionary<string, string> _parentOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IResource> _firstNode = new(StringComparer.Ordinal);

    public ManifestNodeFolding(DistributedApplicationModel model)
    {
        foreach (var resource in model.Resources.Where(IsExcluded))
        {
            if (resource is IResourceWithParent { Parent: var parent } && !IsExcluded(parent))
            {
                _parentOf[resource.Name] = parent.Name;
                _firstNode.TryAdd(parent.Name, resource);
            }
        }
    }

    public static bool IsExcluded(IResource resource) => resource.Annotations.OfType<ManifestExclusionAnnotation>().Any();

    /// <summary>The node whose bindings a folded cluster publishes, if <paramref name="resource"/> is such a cluster.</summary>
    public IResource? BindingsSource(IResource resource) => _firstNode.GetValueOrDefault(resource.Name);

    public string Fold(string expression)
    {
        if (_parentOf.Count == 0)
        {
            return expression;
        }

        var folded = NodeReference().Replace(expression, m => _parentOf.TryGetValue(m.Groups["name"].Value, out var parent) ? $"{{{parent}.{m.Groups["rest"].Value}" : m.Value);
        return RepeatedItem().Replace(folded, m => m.Groups["item"].Value);
    }

    [GeneratedRegex(@"\{(?<name>[a-zA-Z][a-zA-Z0-9-]*)\.(?<rest>[^{}]+\})")]
    private static partial Regex NodeReference();

    // "{a},{a},{a}" or "{h}:{p},{h}:{p}" → one item.
    [GeneratedRegex(@"(?<item>\{[^{}]+\}(?::\{[^{}]+\})?)(?:,\k<item>)+")]
    private static partial Regex RepeatedItem();
}
