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

        // Early access (super condition) decides outright once the person has the enrollment property; no variant.
        if (flag.EnrollmentKey is { } enrollmentKey && context.PersonProperties is { } person && person.TryGetValue(enrollmentKey, out var enrolled))
        {
            var isEnrolled = enrolled.ValueKind == JsonValueKind.True
                             || (enrolled.ValueKind == JsonValueKind.String && enrolled.GetString() == "true");
            return Result(flag, isEnrolled, null, SuperReason);
        }
        if (flag.Super is { } super && AnyKeyPresent(super, context.PersonProperties))
        {
            var outcome = MatchCondition(flag, super, out _, out _);
            if (outcome == MatchOutcome.Inconclusive) return Result(flag, false, null, FlagReason.Undecided);
            return Result(flag, outcome == MatchOutcome.True, null, SuperReason);
        }

        if (flag.HoldoutPercentage is { } holdoutPercentage)
        {
            // Holdouts ignore stored hash-key overrides: the same people are held out of every experiment.
            var holdoutStatus = Bucket(flag, flag.AggregationGroupTypeIndex, useOverrides: false, out var holdoutIdentifier, out _);
            if (holdoutStatus == BucketStatus.Ready
                && (holdoutPercentage >= 100 || FlagHash.ForHoldout(holdoutIdentifier) <= holdoutPercentage / 100))
                return Result(flag, true, flag.HoldoutVariant ?? HashedVariant(flag, holdoutIdentifier) ?? "holdout", FlagReason.Holdout);
        }

        if (flag.Conditions.Length == 0) return Result(flag, false, null, FlagReason.NoMatch);
        var best = FlagReason.MissingGroup;
        var bestScore = FlagReason.Priority(best.Code);
        var inconclusive = false;
        foreach (var condition in flag.Conditions)
        {
            var outcome = MatchCondition(flag, condition, out var conditionIdentifier, out var failure);
            if (outcome == MatchOutcome.True)
                return Result(flag, true, condition.VariantOverride ?? HashedVariant(flag, conditionIdentifier), condition.MatchedReason);
            if (outcome == MatchOutcome.Inconclusive)
            {
                inconclusive = true;
                continue;
            }
            var score = FlagReason.Priority(failure.Code);
            if (score >= bestScore)
            {
                best = failure;
                bestScore = score;
            }
        }
        return Result(flag, false, null, inconclusive ? FlagReason.Undecided : best);
    }

    private static readonly FlagReason SuperReason = FlagReason.Super(0);

    /// <summary>Dependencies, then properties, then cohorts (all AND-ed; the first inconclusive one decides), then rollout.</summary>
    private MatchOutcome MatchCondition(CompiledFlag flag, CompiledCondition condition, out string identifier, out FlagReason failure)
    {
        failure = condition.NoMatchReason;
        switch (Bucket(flag, condition.AggregationGroupTypeIndex, useOverrides: true, out identifier, out var bucketProperties))
        {
            case BucketStatus.NoGroup:
                failure = condition.NoGroupTypeReason;
                return MatchOutcome.False;
            case BucketStatus.NoDevice:
                failure = condition.OutOfRolloutReason;
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

        if (condition.RolloutPercentage is { } percentage && percentage < 100 && Hash(flag, identifier, "") > percentage / 100)
        {
            failure = condition.OutOfRolloutReason;
            return MatchOutcome.False;
        }
        return MatchOutcome.True;
    }

    /// <summary>An empty identifier hashes to 0.0, as the Rust service does.</summary>
    private static double Hash(CompiledFlag flag, string identifier, string salt) =>
        identifier.Length == 0 ? 0.0 : FlagHash.ForFlag(flag.Key, identifier, salt);

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

    /// <summary><c>flag_evaluates_to</c>: JSON true/false against enabled; a string only against the dependency's variant (as in Rust).</summary>
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
            JsonValueKind.String => MatchOutcomes.From(dependency.Enabled && string.Equals(dependency.Variant, filter.Text, StringComparison.Ordinal)),
            _ => MatchOutcome.False,
        };
    }

    /// <summary>in/not_in a cohort: property-based cohorts are matched in memory, others by the person's static memberships.</summary>
    private MatchOutcome MatchCohortFilter(CompiledFilter filter, int depth)
    {
        if (filter.CohortId is not { } id) return MatchOutcome.False;
        MatchOutcome outcome;
        // Known memberships (static, or realtime cohorts precomputed by the server) come first, as in the Rust service.
        if (context.Cohorts is { } memberships && memberships.Contains(id))
            outcome = MatchOutcome.True;
        else if (depth > MaxCohortDepth)
            outcome = _local ? MatchOutcome.Inconclusive : MatchOutcome.False;
        else if (definitions.Cohorts.TryGetValue(id, out var cohort))
            outcome = MatchCohort(cohort, depth + 1);
        else
            outcome = _local && context.Cohorts is null ? MatchOutcome.Inconclusive : MatchOutcome.False;
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

    private enum BucketStatus : byte
    {
        Ready,
        NoGroup,
        NoDevice,
    }

    /// <summary>
    /// The hash identifier and property bag: group key + group properties, or person properties with
    /// device id (device bucketing) → stored hash-key override → distinct id, in the Rust service's priority.
    /// </summary>
    private BucketStatus Bucket(CompiledFlag flag, int? groupTypeIndex, bool useOverrides, out string identifier, out IReadOnlyDictionary<string, JsonElement>? properties)
    {
        properties = null;
        identifier = "";
        if (groupTypeIndex is { } group)
        {
            if (!definitions.GroupTypes.TryGetValue(group, out var typeName)
                || context.Groups is null || !context.Groups.TryGetValue(typeName, out var key) || string.IsNullOrEmpty(key))
                return BucketStatus.NoGroup;
            identifier = key;
            properties = context.GroupProperties is not null && context.GroupProperties.TryGetValue(typeName, out var groupProperties) ? groupProperties : null;
            return BucketStatus.Ready;
        }

        properties = context.PersonProperties;
        if (flag.BucketByDevice)
        {
            if (string.IsNullOrEmpty(context.DeviceId)) return BucketStatus.NoDevice;
            identifier = context.DeviceId;
            return BucketStatus.Ready;
        }
        identifier = useOverrides && context.HashKeyOverrides is not null && context.HashKeyOverrides.TryGetValue(flag.Key, out var hashKey)
            ? hashKey
            : context.DistinctId;
        return BucketStatus.Ready;
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
        var hash = Hash(flag, identifier, "variant");
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
        var recent = flag.RecentResults;
        foreach (var candidate in recent)
            if (candidate is not null && candidate.Enabled == enabled && ReferenceEquals(candidate.Reason, reason)
                && string.Equals(candidate.Variant, variant, StringComparison.Ordinal))
                return candidate;

        JsonElement? payload = null;
        if (enabled && flag.Payloads is { } payloads && payloads.TryGetValue(variant ?? "true", out var value)) payload = value;
        var result = new FlagResult(flag.Key, enabled, variant, payload, reason, flag.Source.Id, flag.Source.Version, flag.Source.Name);
        recent[(uint)flag.NextRecentSlot++ % (uint)recent.Length] = result;
        return result;
    }
}
