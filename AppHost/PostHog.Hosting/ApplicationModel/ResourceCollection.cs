using System.Collections.ObjectModel;

namespace PostHog.Hosting.ApplicationModel;

/// <summary>The model's resources; names are unique regardless of case (they become DNS names and env prefixes).</summary>
public sealed class ResourceCollection : Collection<IResource>, IResourceCollection
{
    protected override void InsertItem(int index, IResource item)
    {
        if (this.Any(r => string.Equals(r.Name, item.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"Cannot add resource '{item.Name}': a resource with that name already exists.");
        }

        base.InsertItem(index, item);
    }
}
