using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Groups;

/// <summary>A row of <c>posthog_group</c>.</summary>
public sealed record Group(long TeamId, int GroupTypeIndex, string GroupKey, JsonObject Properties, DateTimeOffset CreatedAt, long Version);
