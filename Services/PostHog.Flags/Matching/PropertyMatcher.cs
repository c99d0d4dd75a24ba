using System.Text.Json;
using System.Text.RegularExpressions;

namespace PostHog.Flags.Matching;

/// <summary>One property filter against one property bag (property_matching.rs semantics; bad values never throw).</summary>
internal static class PropertyMatcher
{
    public static MatchOutcome Match(CompiledFilter filter, IReadOnlyDictionary<string, JsonElement>? properties, EvaluationMode mode, DateTimeOffset now)
    {
        JsonElement actual = default;
        var present = properties is not null && properties.TryGetValue(filter.Key, out actual) && actual.ValueKind != JsonValueKind.Undefined;
        // An SDK's partial view cannot tell "absent" from "not sent".
        if (!present && mode == EvaluationMode.Local) return MatchOutcome.Inconclusive;
        if (filter.Operator == PropertyOperator.IsSet) return MatchOutcomes.From(present);
        if (filter.Operator == PropertyOperator.IsNotSet) return MatchOutcomes.From(!present);
        if (!filter.HasValue) return MatchOutcome.False;
        if (!present) return MatchOutcomes.From(PropertyOperators.HoldsWhenMissing(filter.Operator));
        return MatchOutcomes.From(MatchPresent(filter, actual, now));
    }

    private static bool MatchPresent(CompiledFilter filter, JsonElement actual, DateTimeOffset now)
    {
        switch (filter.Operator)
        {
            case PropertyOperator.Exact: return Equal(filter, actual);
            case PropertyOperator.IsNot: return !Equal(filter, actual);
            case PropertyOperator.IsSet: return true;
            case PropertyOperator.IsNotSet: return false;
            case PropertyOperator.IContains: return JsonText.ContainsAsciiIgnoreCase(JsonText.Of(actual), filter.Text);
            case PropertyOperator.NotIContains: return !JsonText.ContainsAsciiIgnoreCase(JsonText.Of(actual), filter.Text);
            case PropertyOperator.StartsWith: return JsonText.Of(actual).StartsWith(filter.Text, StringComparison.OrdinalIgnoreCase);
            case PropertyOperator.NotStartsWith: return !JsonText.Of(actual).StartsWith(filter.Text, StringComparison.OrdinalIgnoreCase);
            case PropertyOperator.EndsWith: return JsonText.Of(actual).EndsWith(filter.Text, StringComparison.OrdinalIgnoreCase);
            case PropertyOperator.NotEndsWith: return !JsonText.Of(actual).EndsWith(filter.Text, StringComparison.OrdinalIgnoreCase);
            case PropertyOperator.Regex: return filter.Pattern is { } regex && Search(regex, JsonText.Of(actual)) == true;
            case PropertyOperator.NotRegex: return filter.Pattern is { } notRegex && Search(notRegex, JsonText.Of(actual)) == false;
            case PropertyOperator.Gt or PropertyOperator.Gte or PropertyOperator.Lt or PropertyOperator.Lte:
                return filter.Number is { } limit && JsonText.TryNumber(actual, out var number) && Compare(filter.Operator, number, limit);
            case PropertyOperator.IsDateBefore or PropertyOperator.IsDateAfter or PropertyOperator.IsDateExact:
                return filter.Date is { } date && FlagDate.TryParse(actual, out var actualDate)
                       && CompareDates(filter.Operator, actualDate.Resolve(now), date.Resolve(now));
            case >= PropertyOperator.SemverEq and <= PropertyOperator.SemverWildcard:
                return MatchVersion(filter, actual);
            default:
                return false;
        }
    }

    /// <summary>
    /// Boolean-like filter values compare by truthiness; otherwise case-insensitive equality of string forms,
    /// and an array filter value is a membership test.
    /// </summary>
    private static bool Equal(CompiledFilter filter, JsonElement actual)
    {
        if (filter.Truthy is { } truthy) return JsonText.IsTruthy(actual) == truthy;
        var text = JsonText.Of(actual);
        if (filter.TextList is { } list)
        {
            foreach (var candidate in list)
                if (string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
        return string.Equals(filter.Text, text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Unanchored search; null when the pattern timed out (counts as no match either way).</summary>
    private static bool? Search(Regex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static bool Compare(PropertyOperator op, double actual, double limit) => op switch
    {
        PropertyOperator.Gt => actual > limit,
        PropertyOperator.Gte => actual >= limit,
        PropertyOperator.Lt => actual < limit,
        _ => actual <= limit,
    };

    private static bool CompareDates(PropertyOperator op, DateTimeOffset actual, DateTimeOffset limit) => op switch
    {
        PropertyOperator.IsDateBefore => actual < limit,
        PropertyOperator.IsDateAfter => actual > limit,
        _ => actual == limit,
    };

    private static bool MatchVersion(CompiledFilter filter, JsonElement actual)
    {
        if (!SemanticVersion.TryParse(JsonText.Of(actual), out var version)) return false;
        if (filter.VersionRange is { } range) return range.Contains(version);
        if (filter.Version is not { } target) return false;
        return filter.Operator switch
        {
            PropertyOperator.SemverEq => version == target,
            PropertyOperator.SemverNeq => version != target,
            PropertyOperator.SemverGt => version > target,
            PropertyOperator.SemverGte => version >= target,
            PropertyOperator.SemverLt => version < target,
            PropertyOperator.SemverLte => version <= target,
            _ => false,
        };
    }
}
