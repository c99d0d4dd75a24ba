using System.Text.Json;
using PostHog.Flags.Definitions;

namespace PostHog.Flags.Matching;

/// <summary>A flag ready to evaluate: conditions reordered (variant overrides first), variants and payloads extracted.</summary>
internal sealed class CompiledFlag
{
    public required FeatureFlag Source { get; init; }
    public required int Index { get; init; }
    public string Key => Source.Key;
    public required bool Active { get; init; }
    public required int? AggregationGroupTypeIndex { get; init; }
    public required bool BucketByDevice { get; init; }
    public required CompiledCondition? Super { get; init; }
    /// <summary>Share of identifiers held out (0–100); null = no holdout.</summary>
    public required double? HoldoutPercentage { get; init; }
    public required string? HoldoutVariant { get; init; }

    /// <summary><c>$feature_enrollment/{key}</c> when the flag uses the newer feature_enrollment form.</summary>
    public required string? EnrollmentKey { get; init; }
    public required CompiledCondition[] Conditions { get; init; }
    public required string[] VariantKeys { get; init; }
    public required double[] VariantPercentages { get; init; }
    public required Dictionary<string, JsonElement>? Payloads { get; init; }

    /// <summary>Set when the flag depends on itself through flag filters; it then evaluates to false.</summary>
    public bool InCycle { get; set; }

    /// <summary>
    /// Results handed out recently. A result is immutable and the same for everyone with the same outcome (enabled,
    /// variant, reason instance), so evaluations reuse one instead of allocating 50 per request. Slots are replaced
    /// without locks: a lost race only costs an allocation.
    /// </summary>
    public FlagResult?[] RecentResults { get; } = new FlagResult?[4];
    public int NextRecentSlot;

    public static CompiledFlag Compile(FeatureFlag flag, int index)
    {
        var filters = flag.Filters ?? new FlagFilters();
        var variants = filters.Multivariate?.Variants ?? [];
        var keys = new string[variants.Count];
        var percentages = new double[variants.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = variants[i].Key;
            percentages[i] = variants[i].RolloutPercentage ?? 0;
        }

        var aggregation = filters.AggregationGroupTypeIndex;
        var groups = filters.Groups ?? [];
        var withOverride = new List<CompiledCondition>();
        var without = new List<CompiledCondition>();
        for (var i = 0; i < groups.Count; i++)
        {
            var condition = CompiledCondition.Compile(groups[i], i, aggregation, keys);
            // Any named variant sorts first, even one the flag does not have (Rust sort_by_key / posthog-python).
            (string.IsNullOrEmpty(groups[i].Variant) ? without : withOverride).Add(condition);
        }

        var holdoutGroup = filters.HoldoutGroups is [var firstHoldout, ..] ? firstHoldout : null;
        double? holdoutPercentage = null;
        string? holdoutVariant = null;
        if (filters.Holdout is { } holdout)
        {
            holdoutPercentage = Math.Clamp(holdout.ExclusionPercentage, 0, 100);
            holdoutVariant = $"holdout-{holdout.Id}";
        }
        // Only rollout is supported for legacy holdout groups: one with property filters never matches.
        else if (holdoutGroup is not null && (holdoutGroup.Properties is null || holdoutGroup.Properties.Count == 0))
        {
            holdoutPercentage = holdoutGroup.RolloutPercentage ?? 100;
            holdoutVariant = holdoutGroup.Variant;
        }
        Dictionary<string, JsonElement>? payloads = null;
        if (filters.Payloads is { Count: > 0 })
        {
            payloads = new Dictionary<string, JsonElement>(filters.Payloads.Count, StringComparer.Ordinal);
            foreach (var (key, value) in filters.Payloads) payloads[key] = value.Clone();
        }

        return new CompiledFlag
        {
            Source = flag,
            Index = index,
            Active = flag.Active,
            AggregationGroupTypeIndex = aggregation,
            BucketByDevice = string.Equals(flag.BucketingIdentifier, "device_id", StringComparison.Ordinal),
            EnrollmentKey = filters.FeatureEnrollment == true ? $"$feature_enrollment/{flag.Key}" : null,
            // Early access is person-level even on group flags.
            Super = filters.FeatureEnrollment != true && filters.SuperGroups is [{ Properties.Count: > 0 } super, ..]
                ? CompiledCondition.Compile(super, 0, null, keys) : null,
            HoldoutPercentage = holdoutPercentage,
            HoldoutVariant = holdoutVariant,
            Conditions = [.. withOverride, .. without],
            VariantKeys = keys,
            VariantPercentages = percentages,
            Payloads = payloads,
        };
    }
}
