using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Persons;

/// <summary>A row of <c>posthog_person</c>, as held while one event is processed.</summary>
public sealed class Person
{
    public required long Id { get; init; }
    public required Guid Uuid { get; init; }
    public required long TeamId { get; init; }
    public required JsonObject Properties { get; set; }
    public required JsonObject PropertiesLastUpdatedAt { get; set; }
    public required DateTimeOffset CreatedAt { get; set; }
    public required bool IsIdentified { get; set; }

    /// <summary>The version read; a write succeeds only while Postgres still holds it (optimistic concurrency).</summary>
    public required long Version { get; set; }

    /// <summary>The event that last changed (or created) the person; its replay re-sends the ClickHouse row.</summary>
    public Guid? LastEventUuid { get; set; }

    /// <summary>The version of the distinct id row this person was looked up by (0 for a new person).</summary>
    public long DistinctIdVersion { get; init; }
}
