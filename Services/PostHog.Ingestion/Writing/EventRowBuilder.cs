using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.Ingestion.Groups;
using PostHog.Ingestion.Parsing;
using PostHog.Ingestion.Persons;
using PostHog.Ingestion.Projects;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Writing;

/// <summary>
/// The event row (PostHog process-event.ts createEvent): <c>$elements</c> become <c>elements_chain</c>, <c>$ip</c> obeys the
/// project's anonymize setting, person and group columns come from processing. The row is encoded straight from the
/// event's properties into RowBinary, in the order of <see cref="EventRow.Columns"/>.
/// </summary>
public static class EventRowBuilder
{
    // Building a row is synchronous, so one scratch buffer per thread serves every row built on it.
    [ThreadStatic] private static ArrayBufferWriter<byte>? scratch;

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

        var buffer = scratch ??= new ArrayBufferWriter<byte>(8192);
        buffer.ResetWrittenCount();
        var row = new RowBinaryWriter(buffer);
        row.Uuid(evt.Uuid);
        row.String(evt.Event);
        PropertyArrays.Write(row, properties);
        row.DateTime(evt.Timestamp);
        row.Int64(project.TeamId);
        row.Int64(project.ProjectId);
        row.String(evt.DistinctId);
        row.String(elementsChain);
        row.DateTime(writes.NowUtc);
        row.DateTime(evt.CapturedAt);
        row.Uuid(person.PersonId);
        row.DateTime(person.CreatedAt);
        var personProperties = person.Mode == PersonMode.Propertyless ? PropertyColumns.Empty : person.Properties;
        row.String(personProperties.Text);
        row.StringArray(personProperties.Keys);
        row.StringArray(personProperties.Values);
        // Enum8('full' = 0, 'propertyless' = 1, 'force_upgrade' = 2)
        row.Int8(person.Mode switch
        {
            PersonMode.Propertyless => 1,
            PersonMode.ForceUpgrade => 2,
            _ => 0,
        });
        row.String(StringProperty(properties, "$session_id"));
        row.String(StringProperty(properties, "$window_id"));
        for (var index = 0; index < Contracts.Storage.EventColumns.MaxGroupTypes; index++)
        {
            var group = GroupAt(groups, index);
            row.String(group?.Key ?? string.Empty);
            row.String(group?.Properties ?? string.Empty);
            row.DateTime(group?.CreatedAt ?? DateTimeOffset.UnixEpoch);
        }

        row.UInt8(evt.HistoricalMigration ? (byte)1 : (byte)0);
        row.DateTime(writes.NowUtc);
        row.UInt64((ulong)writes.Offset);
        row.UInt64((ulong)writes.Partition);

        return new EventRow(buffer.WrittenSpan.ToArray())
        {
            Uuid = evt.Uuid, Event = evt.Event, TeamId = project.TeamId, DistinctId = evt.DistinctId, Partition = writes.Partition, Offset = writes.Offset,
        };
    }

    private static GroupColumns? GroupAt(IReadOnlyList<GroupColumns> groups, int index)
    {
        for (var i = 0; i < groups.Count; i++)
        {
            if (groups[i].Index == index)
            {
                return groups[i];
            }
        }

        return null;
    }

    private static string StringProperty(JsonObject properties, string name) =>
        properties[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : string.Empty;
}
