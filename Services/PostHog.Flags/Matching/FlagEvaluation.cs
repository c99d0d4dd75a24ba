using System.Text.Json;

namespace PostHog.Flags.Matching;

/// <summary>One request's evaluation: memoises each flag's result so dependencies are evaluated once.</summary>
internal sealed class FlagEvaluation(CompiledDefinitions definitions, EvaluationContext context)
{
    /// <summary>Cohorts nested deeper than this are treated as undecidable (guards against cohort cycles).</summary>
    private const int MaxCohortDepth = 32;

    private readonly FlagResult?[] _results = new FlagResult?[definitions.Flags.Length];
    private readonly bool[] _visiting = new bool[definitions.Flags.Length];
    private readonly DateTimeOffset _now = context.Now ?? DateTimeOffset.UtcNow;
    private readonly bool _local = context.Mode == EvaluationMode.Local;

    public FlagResult Evaluate(int index)
    {
        if (_results[index] is { } done) return done;
        var flag = definitions.Flags[index];
        // InCycle covers every cycle; this guard only keeps a bug from becoming a stack overflow.
        if (_visiting[index]) return Result(flag, false, null, _local ? FlagReason.Undecided : FlagReason.Cycle);
        _visiting[index] = true;
        var result = Compute(flag);
        _visiting[index] = false;
        return _results[index] = result;
    }

    private FlagResult Compute(CompiledFlag flag)
    {
        if (!flag.Active) return Result(flag, false, null, FlagReason.Disabled);
        if (flag.InCycle) return Result(flag, false, null, _local ? FlagReason.Undecided : FlagReason.Cycle);
        if (!TryBucket(flag, flag.AggregationGroupTypeIndex, out var identifier, out var properties))
            return Result(flag, false, null, FlagReason.MissingGroup);

        if (flag.Super is { } super && AnyKeyPresent(super, properties))
        {
            var outcome = MatchCondition(flag, super, out var superIdentifier, out _);
            if (outcome == MatchOutcome.Inconclusive) return Result(flag, false, null, FlagReason.Undecided);
            var enabled = outcome == MatchOutcome.True;
            return Result(flag, enabled, enabled ? HashedVariant(flag, superIdentifier) : null, FlagReason.Super(0));
        }

        if (flag.Holdout is { } holdout && FlagHash.ForHoldout(identifier) <= (holdout.RolloutPercentage ?? 100) / 100)
            return Result(flag, true, flag.HoldoutVariant ?? HashedVariant(flag, identifier) ?? "holdout", FlagReason.Holdout(0));

        var best = FlagReason.NoMatch;
        var bestScore = 0;
        var inconclusive = false;
        foreach (var condition in flag.Conditions)
        {
            var outcome = MatchCondition(flag, condition, out var conditionIdentifier, out var failure);
            if (outcome == MatchOutcome.True)
                return Result(flag, true, condition.VariantOverride ?? HashedVariant(flag, conditionIdentifier), FlagReason.Matched(condition.Index));
            if (outcome == MatchOutcome.Inconclusive)
            {
                inconclusive = true;
                continue;
            }
            var score = FlagReason.Priority(failure.Code);
            if (score > bestScore)
            {
                best = failure;
                bestScore = score;
            }
        }
        return Result(flag, false, null, inconclusive ? FlagReason.Undecided : best);
    }

    /// <summary>Dependencies, then properties, then cohorts (all AND-ed; the first inconclusive one decides), then rollout.</summary>
    private MatchOutcome MatchCondition(CompiledFlag flag, CompiledCondition condition, out string identifier, out FlagReason failure)
    {
        failure = FlagReason.NoMatch;
        if (!TryBucket(flag, condition.AggregationGroupTypeIndex, out identifier, out var bucketProperties))
        {
            failure = FlagReason.GroupTypeMissing(condition.Index);
            return MatchOutcome.False;
        }

        foreach (var filter in condition.Dependencies)
        {
            var outcome = MatchDependency(filter);
            if (outcome != MatchOutcome.True) return outcome;
        }
        foreach (var filter in condition.Properties)
        {
            var outcome = MatchProperty(filter, bucketProperties, condition.AggregationGroupTypeIndex);
            if (outcome != MatchOutcome.True) return outcome;
        }
        foreach (var filter in condition.Cohorts)
        {
            var outcome = MatchCohortFilter(filter, 0);
            if (outcome != MatchOutcome.True) return outcome;
        }

        if (condition.RolloutPercentage is { } percentage && percentage < 100
            && FlagHash.ForFlag(flag.Key, identifier) > percentage / 100)
        {
            failure = FlagReason.OutOfRollout(condition.Index);
            return MatchOutcome.False;
        }
        return MatchOutcome.True;
    }

    private MatchOutcome MatchProperty(CompiledFilter filter, IReadOnlyDictionary<string, JsonElement>? bucketProperties, int? bucketGroup)
    {
        switch (filter.Kind)
        {
            case FilterKind.Person:
                return PropertyMatcher.Match(filter, bucketProperties, context.Mode, _now);
            case FilterKind.Group:
                var group = filter.GroupTypeIndex ?? bucketGroup;
                var properties = group == bucketGroup ? bucketProperties : GroupProperties(group);
                return PropertyMatcher.Match(filter, properties, context.Mode, _now);
            default:
                return _local ? MatchOutcome.Inconclusive : MatchOutcome.False;
        }
    }

    /// <summary><c>flag_evaluates_to</c>: true/false against enabled; a variant string against the dependency's variant.</summary>
    private MatchOutcome MatchDependency(CompiledFilter filter)
    {
        if (filter.Operator != PropertyOperator.FlagEvaluatesTo) return MatchOutcome.False;
        if (filter.DependencyIndex < 0) return _local ? MatchOutcome.Inconclusive : MatchOutcome.False;
        var dependency = Evaluate(filter.DependencyIndex);
        if (dependency.IsInconclusive) return MatchOutcome.Inconclusive;
        var expected = filter.Value;
        return expected.ValueKind switch
        {
            JsonValueKind.True => MatchOutcomes.From(dependency.Enabled),
            JsonValueKind.False => MatchOutcomes.From(!dependency.Enabled),
            JsonValueKind.String when string.Equals(filter.Text, "true", StringComparison.OrdinalIgnoreCase) => MatchOutcomes.From(dependency.Enabled),
            JsonValueKind.String when string.Equals(filter.Text, "false", StringComparison.OrdinalIgnoreCase) => MatchOutcomes.From(!dependency.Enabled),
            JsonValueKind.String => MatchOutcomes.From(dependency.Enabled && string.Equals(dependency.Variant, filter.Text, StringComparison.Ordinal)),
            _ => MatchOutcome.False,
        };
    }

    /// <summary>in/not_in a cohort: property-based cohorts are matched in memory, others by the person's static memberships.</summary>
    private MatchOutcome MatchCohortFilter(CompiledFilter filter, int depth)
    {
        if (filter.CohortId is not { } id) return MatchOutcome.False;
        MatchOutcome outcome;
        if (depth > MaxCohortDepth)
            outcome = _local ? MatchOutcome.Inconclusive : MatchOutcome.False;
        else if (definitions.Cohorts.TryGetValue(id, out var cohort))
            outcome = MatchCohort(cohort, depth + 1);
        else if (context.Cohorts is { } memberships)
            outcome = MatchOutcomes.From(memberships.Contains(id));
        else
            outcome = _local ? MatchOutcome.Inconclusive : MatchOutcome.False;
        return filter.Operator == PropertyOperator.NotIn ? MatchOutcomes.Not(outcome) : outcome;
    }

    /// <summary>posthog-python <c>match_property_group</c>: negation per filter, inconclusive only if nothing decided the group.</summary>
    private MatchOutcome MatchCohort(CompiledCohort cohort, int depth)
    {
        if (cohort.Entries.Length == 0) return MatchOutcome.True;
        var inconclusive = false;
        foreach (var entry in cohort.Entries)
        {
            MatchOutcome outcome;
            if (entry.Group is { } group)
            {
                outcome = MatchCohort(group, depth);
            }
            else if (entry.Filter is { } filter)
            {
                outcome = filter.Kind switch
                {
                    FilterKind.Cohort => MatchCohortFilter(filter, depth),
                    FilterKind.Person => PropertyMatcher.Match(filter, context.PersonProperties, context.Mode, _now),
                    FilterKind.Group => PropertyMatcher.Match(filter, GroupProperties(filter.GroupTypeIndex), context.Mode, _now),
                    FilterKind.Flag => MatchDependency(filter),
                    _ => _local ? MatchOutcome.Inconclusive : MatchOutcome.False,
                };
                if (filter.Negation) outcome = MatchOutcomes.Not(outcome);
            }
            else
            {
                continue;
            }

            if (outcome == MatchOutcome.Inconclusive) inconclusive = true;
            else if (cohort.IsAnd && outcome == MatchOutcome.False) return MatchOutcome.False;
            else if (!cohort.IsAnd && outcome == MatchOutcome.True) return MatchOutcome.True;
        }
        if (inconclusive) return MatchOutcome.Inconclusive;
        return MatchOutcomes.From(cohort.IsAnd);
    }

    /// <summary>The hash identifier and property bag: group key + group properties, or (override / device / distinct id) + person properties.</summary>
    private bool TryBucket(CompiledFlag flag, int? groupTypeIndex, out string identifier, out IReadOnlyDictionary<string, JsonElement>? properties)
    {
        if (groupTypeIndex is { } group)
        {
            properties = null;
            identifier = "";
            if (!definitions.GroupTypes.TryGetValue(group, out var typeName)
                || context.Groups is null || !context.Groups.TryGetValue(typeName, out var key) || string.IsNullOrEmpty(key))
                return false;
            identifier = key;
            properties = context.GroupProperties is not null && context.GroupProperties.TryGetValue(typeName, out var groupProperties) ? groupProperties : null;
            return true;
        }

        properties = context.PersonProperties;
        identifier = flag.ExperienceContinuity && context.HashKeyOverrides is not null
                     && context.HashKeyOverrides.TryGetValue(flag.Key, out var hashKey) && !string.IsNullOrEmpty(hashKey)
            ? hashKey
            : flag.BucketByDevice && !string.IsNullOrEmpty(context.DeviceId) ? context.DeviceId : context.DistinctId;
        return !string.IsNullOrEmpty(identifier);
    }

    private IReadOnlyDictionary<string, JsonElement>? GroupProperties(int? groupTypeIndex) =>
        groupTypeIndex is { } index && definitions.GroupTypes.TryGetValue(index, out var typeName)
        && context.GroupProperties is not null && context.GroupProperties.TryGetValue(typeName, out var properties)
            ? properties
            : null;

    private static bool AnyKeyPresent(CompiledCondition condition, IReadOnlyDictionary<string, JsonElement>? properties)
    {
        if (properties is null) return false;
        foreach (var filter in condition.Properties)
            if (properties.ContainsKey(filter.Key)) return true;
        return false;
    }

    /// <summary>Variants in list order over cumulative bounds; the first bound strictly above the variant hash wins.</summary>
    private static string? HashedVariant(CompiledFlag flag, string identifier)
    {
        if (flag.VariantKeys.Length == 0) return null;
        var hash = FlagHash.ForFlag(flag.Key, identifier, "variant");
        var lower = 0.0;
        for (var i = 0; i < flag.VariantKeys.Length; i++)
        {
            var upper = lower + flag.VariantPercentages[i] / 100;
            if (hash >= lower && hash < upper) return flag.VariantKeys[i];
            lower = upper;
        }
        return null;
    }

    private static FlagResult Result(CompiledFlag flag, bool enabled, string? variant, FlagReason reason)
    {
        JsonElement? payload = null;
        if (enabled && flag.Payloads is { } payloads && payloads.TryGetValue(variant ?? "true", out var value)) payload = value;
        return new FlagResult(flag.Key, enabled, variant, payload, reason, flag.Source.Id, flag.Source.Version, flag.Source.Name);
    }
}
