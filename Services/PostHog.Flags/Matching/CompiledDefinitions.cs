using System.Globalization;
using PostHog.Flags.Definitions;

namespace PostHog.Flags.Matching;

/// <summary>Everything parsed once per definitions version: flags, dependency links and cycles, cohorts, group types.</summary>
internal sealed class CompiledDefinitions
{
    public CompiledFlag[] Flags { get; }
    public Dictionary<string, int> IndexByKey { get; } = new(StringComparer.Ordinal);
    public Dictionary<long, CompiledCohort> Cohorts { get; } = [];
    public Dictionary<int, string> GroupTypes { get; } = [];

    public CompiledDefinitions(FlagDefinitions definitions)
    {
        var flags = new List<CompiledFlag>(definitions.Flags.Count);
        foreach (var flag in definitions.Flags)
        {
            if (flag.Deleted || IndexByKey.ContainsKey(flag.Key)) continue;
            IndexByKey[flag.Key] = flags.Count;
            flags.Add(CompiledFlag.Compile(flag, flags.Count));
        }
        Flags = [.. flags];

        foreach (var (index, name) in definitions.GroupTypeMapping)
            if (int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i)) GroupTypes[i] = name;
        foreach (var (id, group) in definitions.Cohorts)
            if (long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cohortId)) Cohorts[cohortId] = CompiledCohort.Compile(group);

        LinkDependencies();
        MarkCycles();
    }

    /// <summary>A flag filter's key is the dependency's id (as PostHog writes it) or, failing that, its key.</summary>
    private void LinkDependencies()
    {
        var indexById = new Dictionary<int, int>();
        foreach (var flag in Flags) indexById.TryAdd(flag.Source.Id, flag.Index);
        foreach (var flag in Flags)
        foreach (var condition in AllConditions(flag))
        foreach (var filter in condition.Dependencies)
        {
            if (int.TryParse(filter.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && indexById.TryGetValue(id, out var byId))
                filter.DependencyIndex = byId;
            else if (IndexByKey.TryGetValue(filter.Key, out var byKey))
                filter.DependencyIndex = byKey;
        }
    }

    /// <summary>Iterative DFS (no recursion, so a long chain cannot overflow the stack); flags on a cycle get InCycle.</summary>
    private void MarkCycles()
    {
        var edges = new List<int>[Flags.Length];
        foreach (var flag in Flags)
        {
            var targets = edges[flag.Index] = [];
            foreach (var condition in AllConditions(flag))
            foreach (var filter in condition.Dependencies)
                if (filter.DependencyIndex >= 0) targets.Add(filter.DependencyIndex);
        }

        // Tarjan's strongly connected components; a component of size > 1 or a self-loop is a cycle.
        var index = new int[Flags.Length];
        var low = new int[Flags.Length];
        var onStack = new bool[Flags.Length];
        Array.Fill(index, -1);
        var stack = new Stack<int>();
        var counter = 0;
        for (var root = 0; root < Flags.Length; root++)
        {
            if (index[root] >= 0) continue;
            var work = new Stack<(int Node, int Edge)>();
            work.Push((root, 0));
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack[root] = true;
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                if (edge < edges[node].Count)
                {
                    work.Push((node, edge + 1));
                    var next = edges[node][edge];
                    if (index[next] < 0)
                    {
                        index[next] = low[next] = counter++;
                        stack.Push(next);
                        onStack[next] = true;
                        work.Push((next, 0));
                    }
                    else if (onStack[next])
                    {
                        low[node] = Math.Min(low[node], index[next]);
                    }
                    continue;
                }
                if (work.Count > 0) low[work.Peek().Node] = Math.Min(low[work.Peek().Node], low[node]);
                if (low[node] != index[node]) continue;
                var component = new List<int>();
                int member;
                do
                {
                    member = stack.Pop();
                    onStack[member] = false;
                    component.Add(member);
                } while (member != node);
                if (component.Count > 1 || edges[node].Contains(node))
                    foreach (var m in component) Flags[m].InCycle = true;
            }
        }
    }

    private static IEnumerable<CompiledCondition> AllConditions(CompiledFlag flag)
    {
        if (flag.Super is not null) yield return flag.Super;
        foreach (var condition in flag.Conditions) yield return condition;
    }
}
