using PostHog.Flags.Definitions;

namespace PostHog.Flags.Matching;

/// <summary>A condition set split the way it is evaluated: flag dependencies, then properties, then cohorts, then rollout.</summary>
internal sealed class CompiledCondition
{
    public required int Index { get; init; }
    public required CompiledFilter[] Dependencies { get; init; }
    public required CompiledFilter[] Properties { get; init; }
    public required CompiledFilter[] Cohorts { get; init; }
    public double? RolloutPercentage { get; init; }

    /// <summary>The forced variant, only when it names one of the flag's variants.</summary>
    public string? VariantOverride { get; init; }

    /// <summary>Per-condition group aggregation (mixed targeting); null = the flag's.</summary>
    public int? AggregationGroupTypeIndex { get; init; }

    // Built once so the hot loop does not format strings.
    public FlagReason MatchedReason => field ??= FlagReason.Matched(Index);
    public FlagReason NoMatchReason => field ??= FlagReason.NoMatchAt(Index);
    public FlagReason OutOfRolloutReason => field ??= FlagReason.OutOfRollout(Index);
    public FlagReason NoGroupTypeReason => field ??= FlagReason.GroupTypeMissing(Index);

    public static CompiledCondition Compile(FlagConditionGroup group, int index, int? flagAggregation, string[] variantKeys)
    {
        var dependencies = new List<CompiledFilter>();
        var properties = new List<CompiledFilter>();
        var cohorts = new List<CompiledFilter>();
        foreach (var filter in group.Properties ?? [])
        {
            var compiled = CompiledFilter.Compile(filter);
            (compiled.Kind switch
            {
                FilterKind.Flag => dependencies,
                FilterKind.Cohort => cohorts,
                _ => properties,
            }).Add(compiled);
        }
        return new CompiledCondition
        {
            Index = index,
            Dependencies = [.. dependencies],
            Properties = [.. properties],
            Cohorts = [.. cohorts],
            RolloutPercentage = group.RolloutPercentage,
            VariantOverride = group.Variant is { } variant && Array.IndexOf(variantKeys, variant) >= 0 ? variant : null,
            AggregationGroupTypeIndex = group.AggregationGroupTypeIndex ?? flagAggregation,
        };
    }
}
