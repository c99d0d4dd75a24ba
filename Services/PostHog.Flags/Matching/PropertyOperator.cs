namespace PostHog.Flags.Matching;

/// <summary>PostHog's OperatorType (property_models.rs) plus the cohort- and flag-only ones.</summary>
internal enum PropertyOperator : byte
{
    Unknown,
    Exact, IsNot, IsSet, IsNotSet,
    IContains, NotIContains, Regex, NotRegex, StartsWith, NotStartsWith, EndsWith, NotEndsWith,
    Gt, Gte, Lt, Lte,
    IsDateBefore, IsDateAfter, IsDateExact,
    SemverEq, SemverNeq, SemverGt, SemverGte, SemverLt, SemverLte, SemverTilde, SemverCaret, SemverWildcard,
    In, NotIn,
    FlagEvaluatesTo,
}

internal static class PropertyOperators
{
    public static PropertyOperator Parse(string? name) => name switch
    {
        null or "" or "exact" => PropertyOperator.Exact,
        "is_not" => PropertyOperator.IsNot,
        "is_set" => PropertyOperator.IsSet,
        "is_not_set" => PropertyOperator.IsNotSet,
        "icontains" => PropertyOperator.IContains,
        "not_icontains" => PropertyOperator.NotIContains,
        "regex" => PropertyOperator.Regex,
        "not_regex" => PropertyOperator.NotRegex,
        "starts_with" => PropertyOperator.StartsWith,
        "not_starts_with" => PropertyOperator.NotStartsWith,
        "ends_with" => PropertyOperator.EndsWith,
        "not_ends_with" => PropertyOperator.NotEndsWith,
        "gt" => PropertyOperator.Gt,
        "gte" => PropertyOperator.Gte,
        "lt" => PropertyOperator.Lt,
        "lte" => PropertyOperator.Lte,
        "is_date_before" => PropertyOperator.IsDateBefore,
        "is_date_after" => PropertyOperator.IsDateAfter,
        "is_date_exact" => PropertyOperator.IsDateExact,
        "semver_eq" => PropertyOperator.SemverEq,
        "semver_neq" => PropertyOperator.SemverNeq,
        "semver_gt" => PropertyOperator.SemverGt,
        "semver_gte" => PropertyOperator.SemverGte,
        "semver_lt" => PropertyOperator.SemverLt,
        "semver_lte" => PropertyOperator.SemverLte,
        "semver_tilde" => PropertyOperator.SemverTilde,
        "semver_caret" => PropertyOperator.SemverCaret,
        "semver_wildcard" => PropertyOperator.SemverWildcard,
        "in" => PropertyOperator.In,
        "not_in" => PropertyOperator.NotIn,
        "flag_evaluates_to" => PropertyOperator.FlagEvaluatesTo,
        _ => PropertyOperator.Unknown,
    };

    /// <summary>Operators that hold when the property is absent (server evaluation).</summary>
    public static bool HoldsWhenMissing(PropertyOperator op) => op is PropertyOperator.IsNot or PropertyOperator.IsNotSet
        or PropertyOperator.NotIContains or PropertyOperator.NotRegex or PropertyOperator.NotStartsWith or PropertyOperator.NotEndsWith;
}
