namespace PostHog.Flags;

/// <summary>Why a flag evaluated the way it did (flag_match_reason.rs codes and /flags v2 descriptions).</summary>
public sealed record FlagReason(string Code, int? ConditionIndex, string Description)
{
    public const string ConditionMatch = "condition_match";
    public const string NoConditionMatch = "no_condition_match";
    public const string OutOfRolloutBound = "out_of_rollout_bound";
    public const string NoGroupType = "no_group_type";
    public const string SuperConditionValue = "super_condition_value";
    public const string HoldoutConditionValue = "holdout_condition_value";
    public const string FlagDisabled = "flag_disabled";
    public const string DependencyCycle = "dependency_cycle";
    public const string Inconclusive = "inconclusive";

    internal static readonly FlagReason NoMatch = new(NoConditionMatch, null, "No matching condition set");
    internal static readonly FlagReason Disabled = new(FlagDisabled, null, "Flag disabled");
    internal static readonly FlagReason MissingGroup = new(NoGroupType, null, "No group type");
    internal static readonly FlagReason Cycle = new(DependencyCycle, null, "Flag dependency cycle");
    internal static readonly FlagReason Undecided = new(Inconclusive, null, "Requires server evaluation");

    internal static FlagReason Matched(int index) => new(ConditionMatch, index, $"Matched condition set {index + 1}");
    internal static FlagReason NoMatchAt(int index) => new(NoConditionMatch, index, "No matching condition set");
    internal static FlagReason OutOfRollout(int index) => new(OutOfRolloutBound, index, "Out of rollout bound");
    internal static FlagReason GroupTypeMissing(int index) => new(NoGroupType, index, "No group type");
    internal static FlagReason Super(int index) => new(SuperConditionValue, index, "Super condition value");
    internal static readonly FlagReason Holdout = new(HoldoutConditionValue, null, "Holdout condition value");

    /// <summary>
    /// When several conditions fail, the reported reason is the highest-scoring one seen, the later on a tie
    /// (flag_match_reason.rs newest scores: a skipped group condition ranks below a real evaluation).
    /// </summary>
    internal static int Priority(string code) => code switch
    {
        SuperConditionValue => 6,
        HoldoutConditionValue => 5,
        ConditionMatch => 4,
        OutOfRolloutBound => 3,
        NoConditionMatch => 2,
        NoGroupType => 1,
        _ => 0,
    };
}
