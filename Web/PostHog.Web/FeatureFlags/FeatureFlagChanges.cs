using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PostHog.Web.Api;

namespace PostHog.Web.FeatureFlags;

/// <summary>
/// A create or update request for a flag after field validation (types, key characters, filters); null means "not
/// sent". Checks that need the database (unique key, cohorts, flag dependencies) come after, in the endpoint.
/// </summary>
public sealed partial record FeatureFlagChanges
{
    public const int MaxKeyLength = 400;
    public static readonly string[] EvaluationRuntimes = ["server", "client", "all"];

    public string? Key { get; init; }
    public string? Name { get; init; }
    public JsonObject? Filters { get; init; }
    public FlagFilterReferences References { get; init; } = new([], []);
    public bool? Active { get; init; }
    public bool? Deleted { get; init; }
    public bool? EnsureExperienceContinuity { get; init; }
    public bool? IsRemoteConfiguration { get; init; }
    public string? EvaluationRuntime { get; init; }
    public List<string>? Tags { get; init; }

    /// <summary>The version the client edited from, and its copy of the flag then (PostHog's optimistic concurrency).</summary>
    public int? Version { get; init; }
    public JsonObject? OriginalFlag { get; init; }

    /// <summary>
    /// <paramref name="method"/> POST creates (key and at least one condition set required), PUT replaces (key
    /// required), PATCH changes only what is sent; a PATCH whose filters lack <c>groups</c> leaves filters alone, as PostHog does.
    /// </summary>
    public static FeatureFlagChanges Parse(JsonObject body, string method)
    {
        var creating = HttpMethods.IsPost(method);
        var key = JsonFields.String(body, "key", allowBlank: false, maxLength: MaxKeyLength);
        if (key is null && (creating || HttpMethods.IsPut(method))) throw ApiError.Required("key");
        if (key is not null && !KeyPattern().IsMatch(key))
        {
            throw ApiError.Validation("Only letters, numbers, hyphens (-) & underscores (_) are allowed.", "key", "invalid_key");
        }

        var filters = JsonFields.Object(body, "filters");
        var rollout = JsonFields.Int(body, "rollout_percentage");
        if (rollout is < 0 or > 100) throw ApiError.Validation("Ensure this value is less than or equal to 100.", "rollout_percentage", "max_value");
        if (filters is not null && HttpMethods.IsPatch(method) && !filters.ContainsKey("groups")) filters = null;
        if (filters is null && creating)
        {
            // The legacy top-level rollout_percentage (or nothing at all: 100 %) becomes the single condition set.
            filters = new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["properties"] = new JsonArray(), ["rollout_percentage"] = rollout }) };
        }

        var references = filters is null ? new FlagFilterReferences([], []) : FlagFiltersValidator.Validate(filters, creating);
        var runtime = JsonFields.String(body, "evaluation_runtime");
        if (runtime is not null && !EvaluationRuntimes.Contains(runtime))
        {
            throw ApiError.Validation($"\"{runtime}\" is not a valid choice.", "evaluation_runtime", "invalid_choice");
        }

        return new FeatureFlagChanges
        {
            Key = key,
            Name = JsonFields.String(body, "name"),
            Filters = filters,
            References = references,
            Active = JsonFields.Bool(body, "active"),
            Deleted = JsonFields.Bool(body, "deleted"),
            EnsureExperienceContinuity = JsonFields.Bool(body, "ensure_experience_continuity", allowNull: true),
            IsRemoteConfiguration = JsonFields.Bool(body, "is_remote_configuration", allowNull: true),
            EvaluationRuntime = runtime,
            Tags = JsonFields.StringList(body, "tags"),
            Version = JsonFields.Int(body, "version"),
            OriginalFlag = JsonFields.Object(body, "original_flag", allowNull: true),
        };
    }

    /// <summary>
    /// Fields this request changes that someone else changed since <see cref="OriginalFlag"/> was read: PostHog's
    /// conflict rule (only when the client sent a stale version together with its original copy).
    /// </summary>
    public List<string> ConflictsWith(FeatureFlagRow current)
    {
        if (OriginalFlag is null || OriginalFlag.Count == 0) return [];
        var mine = new Dictionary<string, JsonNode?>();
        if (Key is not null) mine["key"] = Key;
        if (Name is not null) mine["name"] = Name;
        if (Filters is not null) mine["filters"] = Filters;
        if (Active is not null) mine["active"] = Active;
        if (Deleted is not null) mine["deleted"] = Deleted;
        if (EnsureExperienceContinuity is not null) mine["ensure_experience_continuity"] = EnsureExperienceContinuity;
        var theirs = FeatureFlagJson.Fields(current);
        return [.. mine.Where(change => OriginalFlag.TryGetPropertyValue(change.Key, out var original)
                && !JsonNode.DeepEquals(change.Value, original)
                && !JsonNode.DeepEquals(original, theirs[change.Key])
                && !JsonNode.DeepEquals(change.Value, theirs[change.Key]))
            .Select(change => change.Key)];
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex KeyPattern();
}
