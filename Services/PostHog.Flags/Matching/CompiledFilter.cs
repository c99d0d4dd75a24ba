using System.Text.Json;
using System.Text.RegularExpressions;
using PostHog.Flags.Definitions;

namespace PostHog.Flags.Matching;

internal enum FilterKind : byte
{
    Person,
    Group,
    Cohort,
    Flag,
    Unsupported,
}

/// <summary>A property filter with its value parsed once per definitions version (regex, number, date, version, cohort id).</summary>
internal sealed class CompiledFilter
{
    /// <summary>Bounds a pattern that needs backtracking (lookarounds, backreferences); a timeout counts as no match.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public required string Key { get; init; }
    public required PropertyOperator Operator { get; init; }
    public required FilterKind Kind { get; init; }
    public int? GroupTypeIndex { get; init; }
    public bool Negation { get; init; }
    public JsonElement Value { get; init; }

    /// <summary>False when the filter has no value (absent or null): every value operator then fails.</summary>
    public bool HasValue { get; init; }

    /// <summary>Set when exact/is_not compare by truthiness (the filter value is boolean-like).</summary>
    public bool? Truthy { get; init; }
    public string Text { get; init; } = "";
    public string[]? TextList { get; init; }
    public double? Number { get; init; }
    public Regex? Pattern { get; init; }
    public FlagDate? Date { get; init; }
    public SemanticVersion? Version { get; init; }
    public SemanticVersionRange? VersionRange { get; init; }
    public long? CohortId { get; init; }

    /// <summary>Index of the flag a <c>flag</c> filter depends on; -1 when no such flag exists.</summary>
    public int DependencyIndex { get; set; } = -1;

    public static CompiledFilter Compile(PropertyFilter filter)
    {
        var op = PropertyOperators.Parse(filter.Operator);
        var value = filter.Value is { } v ? v.Clone() : default;
        var kind = filter.Type switch
        {
            null or "" or "person" => FilterKind.Person,
            "group" => FilterKind.Group,
            "cohort" or "precalculated-cohort" or "static-cohort" => FilterKind.Cohort,
            "flag" => FilterKind.Flag,
            _ => FilterKind.Unsupported,
        };
        var text = value.ValueKind == JsonValueKind.Undefined ? "" : JsonText.Of(value);
        string[]? list = null;
        if (value.ValueKind == JsonValueKind.Array)
        {
            list = new string[value.GetArrayLength()];
            var i = 0;
            foreach (var item in value.EnumerateArray()) list[i++] = JsonText.Of(item);
        }

        double? number = op is PropertyOperator.Gt or PropertyOperator.Gte or PropertyOperator.Lt or PropertyOperator.Lte
                         && JsonText.TryNumber(value, out var n) ? n : null;
        Regex? pattern = op is PropertyOperator.Regex or PropertyOperator.NotRegex ? TryRegex(text) : null;
        // The date filter must be a string (absolute or relative); a number there is a bad value.
        FlagDate? date = op is PropertyOperator.IsDateBefore or PropertyOperator.IsDateAfter or PropertyOperator.IsDateExact
                         && value.ValueKind == JsonValueKind.String && FlagDate.TryParse(value.GetString(), out var d) ? d : null;
        SemanticVersion? version = null;
        SemanticVersionRange? range = null;
        switch (op)
        {
            case PropertyOperator.SemverTilde when SemanticVersionRange.TryTilde(text, out var r): range = r; break;
            case PropertyOperator.SemverCaret when SemanticVersionRange.TryCaret(text, out var r): range = r; break;
            case PropertyOperator.SemverWildcard when SemanticVersionRange.TryWildcard(text, out var r): range = r; break;
            case >= PropertyOperator.SemverEq and <= PropertyOperator.SemverLte when SemanticVersion.TryParse(text, out var sv): version = sv; break;
        }
        long? cohortId = kind == FilterKind.Cohort && JsonText.TryNumber(value, out var id) && id == Math.Floor(id) ? (long)id : null;

        return new CompiledFilter
        {
            Key = filter.Key,
            Operator = op,
            Kind = kind,
            GroupTypeIndex = filter.GroupTypeIndex,
            Negation = filter.Negation == true,
            Value = value,
            HasValue = value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null),
            Truthy = JsonText.IsTruthyOrFalsy(value) ? JsonText.IsTruthy(value) : null,
            Text = text,
            TextList = list,
            Number = number,
            Pattern = pattern,
            Date = date,
            Version = version,
            VersionRange = range,
            CohortId = cohortId,
        };
    }

    // Linear-time matching first, like the Rust regex crate PostHog's flags service uses: no timeout needed, so a
    // busy machine cannot turn a match into a miss. Only patterns it cannot run fall back to backtracking.
    private static Regex? TryRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return TryBacktrackingRegex(pattern);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Regex? TryBacktrackingRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
