using System.Text.Json.Nodes;

namespace PostHog.Web.FeatureFlags;

/// <summary>A <c>posthog_featureflag</c> row with its creator and last editor.</summary>
public sealed record FeatureFlagRow(
    int Id,
    long TeamId,
    string Key,
    string Name,
    JsonObject Filters,
    int? RolloutPercentage,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Deleted,
    bool Active,
    bool EnsureExperienceContinuity,
    bool IsRemoteConfiguration,
    bool HasEncryptedPayloads,
    string EvaluationRuntime,
    string[] Tags,
    int Version,
    JsonObject? CreatedBy,
    JsonObject? LastModifiedBy);
