using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Orchestration;

/// <summary>The WaitFor edges of the model: checked for cycles and unknown resources before anything starts.</summary>
public static class WaitGraph
{
    public static void Validate(IEnumerable<IResource> resources)
    {
        var all = resources.ToList();
        var names = all.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var resource in all)
        {
            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
            {
                if (!names.Contains(wait.Resource.Name))
                {
                    throw new DistributedApplicationException(
                        $"'{resource.Name}' waits for '{wait.Resource.Name}', which is not part of the app model (add it to the builder).");
                }
            }
        }

        var state = new Dictionary<IResource, bool>(ReferenceEqualityComparer.Instance); // false = on the stack, true = done
        var stack = new List<IResource>();
        foreach (var resource in all)
        {
            Visit(resource, state, stack);
        }
    }

    private static void Visit(IResource resource, Dictionary<IResource, bool> state, List<IResource> stack)
    {
        if (state.TryGetValue(resource, out var done))
        {
            if (!done)
            {
                var cycle = stack.Skip(stack.IndexOf(resource)).Append(resource).Select(r => r.Name);
                throw new DistributedApplicationException($"WaitFor cycle: {string.Join(" → ", cycle)}. Remove one of these waits.");
            }

            return;
        }

        state[resource] = false;
        stack.Add(resource);
        foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
        {
            Visit(wait.Resource, state, stack);
        }

        stack.RemoveAt(stack.Count - 1);
        state[resource] = true;
    }

    /// <summary>
    /// Stop waves: resources are stopped after everything that waits for or references them (dependents first).
    /// Reference cycles are broken arbitrarily; wait cycles cannot exist (see <see cref="Validate"/>).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<IResource>> StopWaves(IReadOnlyList<IResource> resources)
    {
        var depth = new Dictionary<IResource, int>(ReferenceEqualityComparer.Instance);
        var onStack = new HashSet<IResource>(ReferenceEqualityComparer.Instance);

        int Depth(IResource r)
        {
            if (depth.TryGetValue(r, out var d))
            {
                return d;
            }

            if (!onStack.Add(r))
            {
                return 0;
            }

            var deps = Dependencies(r, resources).ToList();
            var result = deps.Count == 0 ? 0 : deps.Max(Depth) + 1;
            onStack.Remove(r);
            depth[r] = result;
            return result;
        }

        foreach (var r in resources)
        {
            Depth(r);
        }

        return [.. resources.GroupBy(r => depth[r]).OrderByDescending(g => g.Key).Select(g => (IReadOnlyList<IResource>)[.. g])];
    }

    /// <summary>
    /// What a resource depends on: its waits and references; a logical resource (cluster, database) stands for its
    /// children and its parent server. A node does not depend on its own cluster, so sibling nodes stop together.
    /// </summary>
    private static IEnumerable<IResource> Dependencies(IResource resource, IReadOnlyList<IResource> resources)
    {
        var direct = resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource)
            .Concat(resource.Annotations.OfType<ResourceRelationshipAnnotation>().Where(r => r.Type == "Reference").Select(r => r.Resource));
        foreach (var dependency in direct.Distinct())
        {
            IEnumerable<IResource> expanded = [dependency, .. ResourceHierarchy.ChildrenOf(dependency, resources)];
            if (!ResourceHierarchy.IsLaunchable(dependency) && ResourceHierarchy.ParentOf(dependency) is { } parent)
            {
                expanded = expanded.Append(parent);
            }

            foreach (var member in expanded.Where(m => !ReferenceEquals(m, resource)))
            {
                yield return member;
            }
        }
    }
}
