using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.Ingestion.Groups;
using PostHog.Ingestion.Parsing;
using PostHog.Ingestion.Persons;
using PostHog.Ingestion.Projects;

namespace PostHog.Ingestion.Writing;

/// <summary>
/// The event row (PostHog process-event.ts createEvent): <c>$elements</c> become <c>elements_chain</c>, <c>$ip</c> obeys the
/// project's anonymize setting, person and group columns come from processing.
/// </summary>
public static class EventRowBuilder
{
    public static EventRow Build(Project project, IncomingEvent evt, PersonOutcome person, IReadOnlyList<GroupColumns> groups, BatchWrites writes)
    {
        var properties = evt.Properties;
        var elementsChain = ElementsChain.From(properties);
        properties.Remove("$elements");
        properties.Remove("$elements_chain");
        if (project.AnonymizeIps)
        {
            properties.Remove("$ip");
        }
        else if (!properties.ContainsKey("$ip") && !string.IsNullOrEmpty(evt.Ip))
        {
            properties["$ip"] = evt.Ip;
        }

        var (keys, values) = PropertyArrays.From(properties);
        var personProperties = person.Mode == PersonMode.Propertyless ? PropertyColumns.Empty : person.Properties;
        var row = new EventRow
        {
            Uuid = evt.Uuid,
            Event = evt.Event,
            Properties = IngestionJson.Text(properties),
            PropertiesKeys = keys,
            PropertiesValues = values,
            Timestamp = evt.Timestamp,
            TeamId = project.TeamId,
            ProjectId = project.ProjectId,
            DistinctId = evt.DistinctId,
            ElementsChain = elementsChain,
            CreatedAt = writes.NowUtc,
            CapturedAt = evt.CapturedAt,
            PersonId = person.PersonId,
            PersonCreatedAt = person.CreatedAt,
            PersonProperties = personProperties.Text,
            PersonPropertiesKeys = personProperties.Keys,
            PersonPropertiesValues = personProperties.Values,
            PersonMode = person.Mode,
            SessionId = StringProperty(properties, "$session_id"),
            WindowId = StringProperty(properties, "$window_id"),
            HistoricalMigration = evt.HistoricalMigration,
            InsertedAt = writes.NowUtc,
            Offset = writes.Offset,
            Partition = writes.Partition,
        };
        foreach (var group in groups)
        {
            row.SetGroup(group);
        }

        return row;
    }

    private static string StringProperty(JsonObject properties, string name) =>
        properties[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;
}
