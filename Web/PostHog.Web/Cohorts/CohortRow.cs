using System.Text.Json.Nodes;

namespace PostHog.Web.Cohorts;

/// <summary>A <c>posthog_cohort</c> row with its creator.</summary>
public sealed record CohortRow(
    int Id,
    long TeamId,
    string? Name,
    string Description,
    JsonObject? Filters,
    JsonNode? Query,
    JsonNode? Groups,
    bool Deleted,
    bool IsStatic,
    bool IsCalculating,
    DateTimeOffset? LastCalculation,
    int ErrorsCalculating,
    int? Count,
    int? Version,
    int? PendingVersion,
    DateTimeOffset CreatedAt,
    JsonObject? CreatedBy);
