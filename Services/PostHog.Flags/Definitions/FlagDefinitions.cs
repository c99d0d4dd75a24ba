using System.Text.Json;
using System.Text.Json.Serialization;
using PostHog.Flags.Matching;

namespace PostHog.Flags.Definitions;

/// <summary>
/// A project's flags, group types and property-based cohorts — the <c>/flags/definitions</c> (local evaluation) body.
/// Treat as immutable once evaluated: the compiled form (regexes, parsed values) is built on first use and kept.
/// </summary>
public sealed class FlagDefinitions
{
    [JsonPropertyName("flags")] public List<FeatureFlag> Flags { get; set; } = [];

    /// <summary>Group type index ("0"…"4") → group type name ("company").</summary>
    [JsonPropertyName("group_type_mapping")] public Dictionary<string, string> GroupTypeMapping { get; set; } = [];

    /// <summary>Cohort id → property group. Cohorts referenced by flags but absent here are treated as static.</summary>
    [JsonPropertyName("cohorts")] public Dictionary<string, PropertyGroup> Cohorts { get; set; } = [];

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    private CompiledDefinitions? _compiled;

    internal CompiledDefinitions Compiled
    {
        get
        {
            var compiled = Volatile.Read(ref _compiled);
            if (compiled is not null) return compiled;
            Interlocked.CompareExchange(ref _compiled, new CompiledDefinitions(this), null);
            return _compiled!;
        }
    }

    public static FlagDefinitions Parse(string json) =>
        JsonSerializer.Deserialize<FlagDefinitions>(json) ?? throw new JsonException("Flag definitions JSON was null.");
}
