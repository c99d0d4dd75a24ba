using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PostHog.Flags;
using PostHog.Flags.Definitions;
using PostHog.Web.Api;

namespace PostHog.Web.FeatureFlags;

/// <summary>What a valid <c>filters</c> refers to, for the checks that need the database.</summary>
public sealed record FlagFilterReferences(IReadOnlyList<long> CohortIds, IReadOnlyList<string> FlagDependencies);

/// <summary>
/// Validates a flag's <c>filters</c> the way PostHog's FeatureFlagSerializer.validate_filters does, after parsing them
/// with the PostHog.Flags model Decide evaluates (a shape that model cannot read is a 400, never a 500 later in Decide),
/// and normalises payloads to JSON strings as PostHog stores them. Every error is a 400 with <c>attr: "filters"</c>.
/// </summary>
public static partial class FlagFiltersValidator
{
    public const int MaxPropertyValues = 1000;

    private static readonly HashSet<string> Operators =
    [
        "exact", "is_not", "is_set", "is_not_set", "icontains", "not_icontains", "regex", "not_regex",
        "starts_with", "not_starts_with", "ends_with", "not_ends_with", "gt", "gte", "lt", "lte",
        "is_date_before", "is_date_after", "is_date_exact", "in", "not_in", "flag_evaluates_to",
        "semver_eq", "semver_neq", "semver_gt", "semver_gte", "semver_lt", "semver_lte", "semver_tilde", "semver_caret", "semver_wildcard",
    ];

    private static readonly HashSet<string> StringValueOperators = ["regex", "not_regex", "icontains", "not_icontains"];
    private static readonly HashSet<string> NumericOperators = ["gt", "gte", "lt", "lte"];

    public static FlagFilterReferences Validate(JsonObject filters, bool creating)
    {
        if (filters["payloads"] is { } payloadsNode && payloadsNode is not JsonObject) throw Invalid("Payloads must be passed as a dictionary");
        FlagFilters parsed;
        try
        {
            parsed = filters.Deserialize<FlagFilters>() ?? new FlagFilters();
        }
        catch (JsonException exception)
        {
            throw Invalid($"Filters are not valid ({Describe(exception)})");
        }
        catch (InvalidOperationException exception)
        {
            throw Invalid($"Filters are not valid ({exception.Message})");
        }

        var groups = parsed.Groups ?? [];
        if (creating && groups.Count == 0) throw Invalid("Feature flags must have at least one condition set (group).");

        var aggregation = parsed.AggregationGroupTypeIndex;
        if (aggregation is < 0 or > 4) throw Invalid("Invalid aggregation group type index: it must be between 0 and 4.");

        var variants = parsed.Multivariate?.Variants ?? [];
        if (variants.Count > 0)
        {
            if (variants.Any(v => string.IsNullOrEmpty(v.Key))) throw Invalid("Invalid variant definitions: every variant needs a key.");
            if (variants.Select(v => v.Key).Distinct(StringComparer.Ordinal).Count() != variants.Count) throw Invalid("Invalid variant definitions: variant keys must be unique.");
            if (variants.Any(v => v.RolloutPercentage is < 0 or > 100) || Math.Abs(variants.Sum(v => v.RolloutPercentage ?? 0) - 100) > 1e-9)
            {
                throw Invalid("Invalid variant definitions: Variant rollout percentages must sum to 100.");
            }
        }

        var variantKeys = variants.Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
        var cohorts = new List<long>();
        var dependencies = new List<string>();
        foreach (var group in groups)
        {
            if (group.RolloutPercentage is < 0 or > 100) throw Invalid("Rollout percentage must be between 0 and 100.");
            if (!string.IsNullOrEmpty(group.Variant) && !variantKeys.Contains(group.Variant)) throw Invalid("Filters are not valid (variant override does not exist)");
            foreach (var property in group.Properties ?? []) ValidateProperty(property, aggregation, cohorts, dependencies);
        }

        ValidatePayloads(filters, parsed, variantKeys);
        CheckEvaluates(filters);
        return new FlagFilterReferences(cohorts, dependencies);
    }

    private static void ValidateProperty(PropertyFilter property, int? aggregation, List<long> cohorts, List<string> dependencies)
    {
        var type = property.Type ?? "person";
        var op = property.Operator ?? "exact";
        if (string.IsNullOrEmpty(property.Key)) throw Invalid("Filters are not valid (every property needs a key)");
        if (aggregation is null)
        {
            if (type is not ("person" or "cohort" or "flag")) throw Invalid("Filters are not valid (can only use person, cohort, and flag properties)");
            if (type == "flag" && op != "flag_evaluates_to") throw Invalid("Flag properties must use the 'flag_evaluates_to' operator");
        }
        else if (type != "group" || property.GroupTypeIndex != aggregation)
        {
            throw Invalid("Filters are not valid (can only use group properties)");
        }

        if (!Operators.Contains(op)) throw Invalid($"Invalid operator '{op}' for property '{property.Key}'.", "invalid_operator");
        if (op is "in" or "not_in" && type != "cohort")
        {
            throw Invalid($"The '{op}' operator is only valid for cohort properties, not '{type}' properties.", "invalid_operator");
        }

        var value = property.Value;
        if (value is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > MaxPropertyValues)
        {
            throw Invalid($"Property group expressions of type {property.Key} cannot contain more than {MaxPropertyValues} values.");
        }

        if (StringValueOperators.Contains(op) && value is not { ValueKind: JsonValueKind.String })
        {
            throw Invalid($"Invalid value for operator {op}: {value?.GetRawText() ?? "None"}", "invalid_value");
        }

        if (NumericOperators.Contains(op) && value is not { ValueKind: JsonValueKind.String or JsonValueKind.Number })
        {
            throw Invalid($"Invalid value for operator {op}: {value?.GetRawText() ?? "None"}", "invalid_value");
        }

        if (op is "is_date_before" or "is_date_after" && !IsDate(value))
        {
            throw Invalid($"Invalid date value: {value?.GetRawText() ?? "None"}", "invalid_date");
        }

        if (type == "cohort")
        {
            var id = value switch
            {
                { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var number) => number,
                { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
                _ => throw Invalid($"Cohort with id {value?.GetRawText() ?? "None"} does not exist", "cohort_does_not_exist"),
            };
            cohorts.Add(id);
        }

        if (type == "flag") dependencies.Add(property.Key);
    }

    /// <summary>PostHog keeps payloads as JSON text; objects sent by API scripts are turned into that text here.</summary>
    private static void ValidatePayloads(JsonObject filters, FlagFilters parsed, HashSet<string> variantKeys)
    {
        if (!filters.TryGetPropertyValue("payloads", out var node) || node is null) return;
        if (node is not JsonObject payloads) throw Invalid("Payloads must be passed as a dictionary");
        foreach (var (key, value) in payloads.ToList())
        {
            if (value is JsonObject or JsonArray)
            {
                payloads[key] = value.ToJsonString();
            }
            else if (value?.GetValueKind() == JsonValueKind.String)
            {
                try
                {
                    JsonDocument.Parse(value.GetValue<string>()).Dispose();
                }
                catch (JsonException)
                {
                    throw Invalid("Payload value is not valid JSON");
                }
            }
        }

        if (parsed.Multivariate is not null)
        {
            if (!payloads.All(p => variantKeys.Contains(p.Key))) throw Invalid("Payload keys must match a variant key for multivariate flags");
        }
        else if (payloads.Count > 1 || payloads.Any(p => p.Key != "true"))
        {
            throw Invalid("Payload keys must be 'true' for boolean flags");
        }
    }

    /// <summary>PostHog's check_flag_evaluation: the flag must evaluate once without error.</summary>
    private static void CheckEvaluates(JsonObject filters)
    {
        try
        {
            var definitions = new FlagDefinitions { Flags = [new FeatureFlag { Id = 1, Key = "validation", Filters = filters.Deserialize<FlagFilters>()! }] };
            FlagEvaluator.Evaluate(definitions, new EvaluationContext { DistinctId = "validation" });
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw Invalid("Can't evaluate flag - please check release conditions");
        }
    }

    /// <summary>Relative dates (<c>-7d</c>, <c>30m</c>) or anything ISO-like, as PostHog's date parsing for flags accepts.</summary>
    internal static bool IsDate(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.String } text) return false;
        var s = text.GetString()!.Trim();
        return RelativeDate().IsMatch(s)
            || DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
    }

    private static string Describe(JsonException exception) =>
        exception.Path is { Length: > 0 } path ? $"{path.TrimStart('$', '.')}: wrong type" : exception.Message;

    private static ApiError Invalid(string detail, string code = "invalid_input") => ApiError.Validation(detail, "filters", code);

    [GeneratedRegex(@"^-?\d{1,4}[hdwmy]$")]
    private static partial Regex RelativeDate();
}
