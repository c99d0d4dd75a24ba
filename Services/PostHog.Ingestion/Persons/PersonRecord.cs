using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.Ingestion.Parsing;

namespace PostHog.Ingestion.Persons;

/// <summary>
/// A person as text, the way Postgres returns it: cheap to keep for a batch and safe to share across threads (JsonNode
/// trees are not); <see cref="ToPerson"/> gives each reader its own copy to change. What every event of the person needs
/// when it changes nothing (its row columns, a lookup to see that it changes nothing) is worked out once per record.
/// </summary>
public sealed record PersonRecord(long Id, Guid Uuid, long TeamId, string Properties, string PropertiesLastUpdatedAt, DateTimeOffset CreatedAt,
    bool IsIdentified, long Version, Guid? LastEventUuid, long DistinctIdVersion)
{
    private PersonRecordView? view;

    public static PersonRecord From(Person person, long distinctIdVersion) => new(person.Id, person.Uuid, person.TeamId,
        IngestionJson.Text(person.Properties), IngestionJson.Text(person.PropertiesLastUpdatedAt), person.CreatedAt, person.IsIdentified,
        person.Version, person.LastEventUuid, distinctIdVersion);

    /// <summary>The properties as row columns and as a read-only lookup; built on first use, then shared.</summary>
    public PersonRecordView View => LazyInitializer.EnsureInitialized(ref view, () => PersonRecordView.From(Properties));

    /// <summary>A person to work with; its property trees are parsed only if something reads them.</summary>
    public Person ToPerson() => new(this)
    {
        Id = Id, Uuid = Uuid, TeamId = TeamId, CreatedAt = CreatedAt, IsIdentified = IsIdentified, Version = Version,
        LastEventUuid = LastEventUuid, DistinctIdVersion = DistinctIdVersion,
    };
}

/// <summary>A person record's properties, read-only: the row columns and a key → value lookup.</summary>
public sealed class PersonRecordView
{
    private PersonRecordView(PropertyColumns columns, Dictionary<string, JsonElement> lookup)
    {
        Columns = columns;
        Lookup = lookup;
    }

    public PropertyColumns Columns { get; }

    /// <summary>Top-level properties by key (JsonElement values are immutable, so readers on any thread may share them).</summary>
    public IReadOnlyDictionary<string, JsonElement> Lookup { get; }

    public static PersonRecordView From(string properties)
    {
        // One parse: the cloned root outlives the document, and the tree for the columns reads the same element.
        JsonElement root;
        using (var document = JsonDocument.Parse(properties))
        {
            root = document.RootElement.Clone();
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return new PersonRecordView(PropertyColumns.Empty, new Dictionary<string, JsonElement>());
        }

        var lookup = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            lookup[property.Name] = property.Value;
        }

        return new PersonRecordView(PropertyColumns.From(JsonObject.Create(root)!), lookup);
    }
}
