using System.Text.Json;
using PostHog.Contracts.Storage;

namespace PostHog.EndToEnd.Tests;

/// <summary>One row of the ClickHouse <c>events</c> table, JSON columns parsed.</summary>
public sealed record StoredEvent(
    Guid Uuid,
    string Event,
    string DistinctId,
    Guid PersonId,
    string PersonMode,
    string Timestamp,
    string IngestedAt,
    JsonElement Properties,
    JsonElement PersonProperties,
    string ElementsChain,
    IReadOnlyList<string> GroupKeys,
    IReadOnlyList<JsonElement> GroupProperties)
{
    public static StoredEvent FromRow(JsonElement row) => new(
        Guid.Parse(row.GetProperty("uuid").GetString()!),
        row.GetProperty("event").GetString()!,
        row.GetProperty("distinct_id").GetString()!,
        Guid.Parse(row.GetProperty("person_id").GetString()!),
        row.GetProperty("person_mode").GetString()!,
        row.GetProperty("timestamp").GetString()!,
        row.GetProperty("ingested_at").GetString()!,
        Json.ParseObject(row.GetProperty("properties").GetString()),
        Json.ParseObject(row.GetProperty("person_properties").GetString()),
        row.GetProperty("elements_chain").GetString()!,
        Enumerable.Range(0, EventColumns.MaxGroupTypes).Select(i => row.GetProperty($"group_key_{i}").GetString()!).ToArray(),
        Enumerable.Range(0, EventColumns.MaxGroupTypes).Select(i => Json.ParseObject(row.GetProperty($"group_properties_{i}").GetString())).ToArray());

    /// <summary>A top-level property as a string (strings unquoted, other JSON as raw text), or null when absent.</summary>
    public string? Property(string name) => Json.Value(Properties, name);

    public string? PersonProperty(string name) => Json.Value(PersonProperties, name);

    public override string ToString() =>
        $"{Event} distinct_id={DistinctId} person={PersonId} mode={PersonMode} ts={Timestamp} ingested={IngestedAt} groups=[{string.Join(',', GroupKeys)}] properties={Json.Short(Properties)} person_properties={Json.Short(PersonProperties)}";

    public static string Describe(IReadOnlyList<StoredEvent> events) =>
        events.Count == 0 ? "no events" : $"{events.Count} events\n{string.Join('\n', events)}";
}

/// <summary>The latest version of a ClickHouse <c>person</c> row.</summary>
public sealed record StoredPerson(Guid Id, JsonElement Properties, bool IsIdentified, ulong Version)
{
    public static StoredPerson FromRow(JsonElement row) => new(
        Guid.Parse(row.GetProperty("person_uuid").GetString()!),
        Json.ParseObject(row.GetProperty("latest_properties").GetString()),
        row.GetProperty("identified").GetInt32() != 0,
        row.GetProperty("latest_version").GetUInt64());

    public string? Property(string name) => Json.Value(Properties, name);

    public override string ToString() => $"person {Id} identified={IsIdentified} version={Version} properties={Json.Short(Properties)}";
}

/// <summary>The latest version of a ClickHouse <c>groups</c> row.</summary>
public sealed record StoredGroup(int GroupTypeIndex, string GroupKey, JsonElement Properties, long Version)
{
    public static StoredGroup FromRow(JsonElement row) => new(
        row.GetProperty("group_type_index").GetInt32(),
        row.GetProperty("group_key").GetString()!,
        Json.ParseObject(row.GetProperty("latest_properties").GetString()),
        row.GetProperty("latest_version").GetInt64());

    public string? Property(string name) => Json.Value(Properties, name);

    public override string ToString() => $"group {GroupTypeIndex}/{GroupKey} version={Version} properties={Properties.GetRawText()}";
}

internal static class Json
{
    public static JsonElement ParseObject(string? text)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        return document.RootElement.Clone();
    }

    public static string? Value(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>Properties without the SDK's many <c>$</c> keys, so a failure message stays readable.</summary>
    public static string Short(JsonElement json) =>
        json.ValueKind != JsonValueKind.Object
            ? json.GetRawText()
            : "{" + string.Join(",", json.EnumerateObject()
                .Where(p => !p.Name.StartsWith('$') || p.Name is "$set" or "$set_once" or "$groups" or "$anon_distinct_id" or "$group_type" or "$group_key" or "$group_set" or "$current_url")
                .Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}")) + "}";
}
