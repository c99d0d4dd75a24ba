using System.Text.Json;
using System.Text.Json.Serialization;

namespace PostHog.Flags.Definitions;

/// <summary>A feature flag as PostHog stores and exports it (posthog_featureflag row / local-evaluation JSON).</summary>
public sealed class FeatureFlag
{
    [JsonPropertyName("id")] public int Id { get; set; }
    [JsonPropertyName("team_id")] public int? TeamId { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("key")] public string Key { get; set; } = "";
    [JsonPropertyName("filters")] public FlagFilters Filters { get; set; } = new();
    [JsonPropertyName("deleted")] public bool Deleted { get; set; }
    [JsonPropertyName("active")] public bool Active { get; set; } = true;
    [JsonPropertyName("ensure_experience_continuity")] public bool? EnsureExperienceContinuity { get; set; }
    [JsonPropertyName("version")] public int? Version { get; set; }
    [JsonPropertyName("bucketing_identifier")] public string? BucketingIdentifier { get; set; }

    /// <summary>Fields this model does not name, kept so an exported definition round-trips unchanged.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
