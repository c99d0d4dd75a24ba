namespace PostHog.Ingestion.Groups;

/// <summary>One group on an event row: its type index, key, and the group's properties at ingestion time.</summary>
public sealed record GroupColumns(int Index, string Key, string Properties, DateTimeOffset CreatedAt);
