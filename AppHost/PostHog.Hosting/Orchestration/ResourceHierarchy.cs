using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Orchestration;

/// <summary>Parent/child links: <see cref="IResourceWithParent"/> (a database) and WithParentRelationship (cluster nodes).</summary>
public static class ResourceHierarchy
{
    public static IResource? ParentOf(IResource resource)
        => resource is IResourceWithParent child
            ? child.Parent
            : resource.Annotations.OfType<ResourceRelationshipAnnotation>().FirstOrDefault(r => r.Type == "Parent")?.Resource;

    public static IReadOnlyList<IResource> ChildrenOf(IResource parent, IEnumerable<IResource> resources)
        => [.. resources.Where(r => ReferenceEquals(ParentOf(r), parent))];

    /// <summary>True for resources the orchestrator launches as processes.</summary>
    public static bool IsLaunchable(IResource resource) => resource is ExecutableResource or ProjectResource;
}
