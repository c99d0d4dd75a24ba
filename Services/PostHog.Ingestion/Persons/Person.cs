using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.Ingestion.Parsing;

namespace PostHog.Ingestion.Persons;

/// <summary>
/// A row of <c>posthog_person</c>, as held while one event is processed. A person read from a batch's snapshot parses
/// its property trees only when something reads or changes them: most events change nothing, and then the record's
/// shared, already-built columns serve the event row.
/// </summary>
public sealed class Person
{
    private readonly PersonRecord? source;
    private JsonObject? properties;
    private JsonObject? propertiesLastUpdatedAt;

    public Person()
    {
    }

    /// <summary>A person whose properties stay as <paramref name="source"/>'s text until read.</summary>
    public Person(PersonRecord source) => this.source = source;

    public required long Id { get; init; }
    public required Guid Uuid { get; init; }
    public required long TeamId { get; init; }

    public JsonObject Properties
    {
        get => properties ??= Parse(source?.Properties);
        set => properties = value;
    }

    public JsonObject PropertiesLastUpdatedAt
    {
        get => propertiesLastUpdatedAt ??= Parse(source?.PropertiesLastUpdatedAt);
        set => propertiesLastUpdatedAt = value;
    }

    public required DateTimeOffset CreatedAt { get; set; }
    public required bool IsIdentified { get; set; }

    /// <summary>The version read; a write succeeds only while Postgres still holds it (optimistic concurrency).</summary>
    public required long Version { get; set; }

    /// <summary>The event that last changed (or created) the person; its replay re-sends the ClickHouse row.</summary>
    public Guid? LastEventUuid { get; set; }

    /// <summary>The version of the distinct id row this person was looked up by (0 for a new person).</summary>
    public long DistinctIdVersion { get; init; }

    /// <summary>The properties as the record read them, while nothing has parsed (and so possibly changed) them.</summary>
    public PersonRecordView? Unparsed => properties is null ? source?.View : null;

    /// <summary>The properties as row columns: the record's shared ones while unparsed, else built from the tree.</summary>
    public PropertyColumns PropertyColumns => Unparsed?.Columns ?? PropertyColumns.From(Properties);

    /// <summary>A top-level string property, read without parsing the tree when it has not been parsed.</summary>
    public string? StringProperty(string key)
    {
        if (Unparsed is { } view)
        {
            return view.Lookup.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }

        return Properties[key] is JsonValue node && node.TryGetValue<string>(out var text) ? text : null;
    }

    private static JsonObject Parse(string? text) => text is null ? [] : JsonNode.Parse(text) as JsonObject ?? [];
}
