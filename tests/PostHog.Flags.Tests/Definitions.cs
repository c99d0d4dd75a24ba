using System.Text.Json;
using PostHog.Flags.Definitions;

namespace PostHog.Flags.Tests;

/// <summary>Builds definitions and property bags from JSON literals, the way PostHog ships them.</summary>
internal static class Definitions
{
    public static FlagDefinitions Of(string json) => FlagDefinitions.Parse(json);

    /// <summary>Definitions holding the given flag JSON objects, group type 0 = company, 1 = project.</summary>
    public static FlagDefinitions Flags(params string[] flags) =>
        Of($$$"""{"flags":[{{{string.Join(",", flags)}}}],"group_type_mapping":{"0":"company","1":"project"},"cohorts":{}}""");

    public static Dictionary<string, JsonElement> Properties(string json)
    {
        using var document = JsonDocument.Parse(json);
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject()) properties[property.Name] = property.Value.Clone();
        return properties;
    }

    public static EvaluationContext Person(string distinctId, string properties = "{}", EvaluationMode mode = EvaluationMode.Server) =>
        new() { DistinctId = distinctId, PersonProperties = Properties(properties), Mode = mode };
}
