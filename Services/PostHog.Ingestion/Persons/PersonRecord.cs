using System.Text.Json.Nodes;
using PostHog.Ingestion.Parsing;

namespace PostHog.Ingestion.Persons;

/// <summary>
/// A person as text, the way Postgres returns it: cheap to keep for a batch and safe to share across threads (JsonNode
/// trees are not); <see cref="ToPerson"/> gives each reader its own copy to change.
/// </summary>
public sealed record PersonRecord(long Id, Guid Uuid, long TeamId, string Properties, string PropertiesLastUpdatedAt, DateTimeOffset CreatedAt,
    bool IsIdentified, long Version, Guid? LastEventUuid, long DistinctIdVersion)
{
    public static PersonRecord From(Person person, long distinctIdVersion) => new(person.Id, person.Uuid, person.TeamId,
        IngestionJson.Text(person.Properties), IngestionJson.Text(person.PropertiesLastUpdatedAt), person.CreatedAt, person.IsIdentified,
        person.Version, person.LastEventUuid, distinctIdVersion);

    public Person ToPerson() => new()
    {
        Id = Id, Uuid = Uuid, TeamId = TeamId,
        Properties = JsonNode.Parse(Properties) as JsonObject ?? [],
        PropertiesLastUpdatedAt = JsonNode.Parse(PropertiesLastUpdatedAt) as JsonObject ?? [],
        CreatedAt = CreatedAt, IsIdentified = IsIdentified, Version = Version, LastEventUuid = LastEventUuid, DistinctIdVersion = DistinctIdVersion,
    };
}
