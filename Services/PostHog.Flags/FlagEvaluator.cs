using PostHog.Flags.Definitions;
using PostHog.Flags.Matching;

namespace PostHog.Flags;

/// <summary>Evaluates a project's flags for one distinct id exactly as PostHog's flags service does (§2.5–2.8).</summary>
public static class FlagEvaluator
{
    /// <summary>
    /// Results for every active, non-deleted flag, or only for <paramref name="flagKeys"/> when given
    /// (dependencies are still evaluated). Inactive flags are not returned.
    /// </summary>
    public static IReadOnlyDictionary<string, FlagResult> Evaluate(FlagDefinitions definitions, EvaluationContext context, IReadOnlyCollection<string>? flagKeys = null)
    {
        var compiled = definitions.Compiled;
        var run = new FlagEvaluation(compiled, context);
        var results = new Dictionary<string, FlagResult>(flagKeys?.Count ?? compiled.Flags.Length, StringComparer.Ordinal);
        if (flagKeys is null)
        {
            foreach (var flag in compiled.Flags)
                if (flag.Active) results[flag.Key] = run.Evaluate(flag.Index);
            return results;
        }
        foreach (var key in flagKeys)
            if (compiled.IndexByKey.TryGetValue(key, out var index) && compiled.Flags[index].Active)
                results[key] = run.Evaluate(index);
        return results;
    }

    /// <summary>
    /// The same results as <see cref="Evaluate"/> in the same order (definition order, or the first occurrence of each
    /// key in <paramref name="flagKeys"/>), as a list: no per-request dictionary when the caller only walks them.
    /// </summary>
    public static List<FlagResult> EvaluateInOrder(FlagDefinitions definitions, EvaluationContext context, IReadOnlyCollection<string>? flagKeys = null)
    {
        var compiled = definitions.Compiled;
        var run = new FlagEvaluation(compiled, context);
        var results = new List<FlagResult>(flagKeys?.Count ?? compiled.Flags.Length);
        if (flagKeys is null)
        {
            foreach (var flag in compiled.Flags)
                if (flag.Active) results.Add(run.Evaluate(flag.Index));
            return results;
        }
        var added = new bool[compiled.Flags.Length];
        foreach (var key in flagKeys)
            if (compiled.IndexByKey.TryGetValue(key, out var index) && compiled.Flags[index].Active && !added[index])
            {
                added[index] = true;
                results.Add(run.Evaluate(index));
            }
        return results;
    }

    /// <summary>One flag's result, or null when the definitions have no such flag.</summary>
    public static FlagResult? EvaluateFlag(FlagDefinitions definitions, EvaluationContext context, string flagKey)
    {
        var compiled = definitions.Compiled;
        return compiled.IndexByKey.TryGetValue(flagKey, out var index) ? new FlagEvaluation(compiled, context).Evaluate(index) : null;
    }
}
