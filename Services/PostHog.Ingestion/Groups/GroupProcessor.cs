using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.Contracts.Storage;
using PostHog.Ingestion.Parsing;
using PostHog.Ingestion.Persons;
using PostHog.Ingestion.Projects;
using PostHog.Ingestion.Writing;

namespace PostHog.Ingestion.Groups;

/// <summary>
/// Groups (PostHog prepareEventStep): <c>$groupidentify</c> upserts a group with <c>$group_set</c>; <c>$groups</c>
/// <c>{type: key}</c> becomes <c>$group_N</c> properties and the row's group columns. Personless events carry no groups.
/// </summary>
public sealed class GroupProcessor(GroupStore store, TimeProvider time)
{
    public const string GroupIdentify = "$groupidentify";

    private static readonly TimeSpan GroupCachedFor = TimeSpan.FromSeconds(30);
    private const int MaxCachedGroups = 50_000;

    private readonly ConcurrentDictionary<(long Team, string Type), int> typeIndexes = new();
    private readonly ConcurrentDictionary<(long Team, int Index, string Key), (Group? Group, DateTimeOffset Expires)> groups = new();

    public async Task<IReadOnlyList<GroupColumns>> ProcessAsync(Project project, IncomingEvent evt, PersonMode mode, BatchWrites writes, CancellationToken cancellationToken)
    {
        if (mode == PersonMode.Propertyless)
        {
            for (var i = 0; i < EventColumns.MaxGroupTypes; i++)
            {
                evt.Properties.Remove(EventColumns.GroupKey(i));
            }

            return [];
        }

        if (evt.Event == GroupIdentify)
        {
            await IdentifyAsync(project, evt, writes, cancellationToken);
        }

        if (evt.Properties["$groups"] is not JsonObject eventGroups || eventGroups.Count == 0)
        {
            return [];
        }

        var columns = new List<GroupColumns>();
        foreach (var (type, keyNode) in eventGroups)
        {
            if (KeyText(keyNode) is not { } key || await IndexAsync(project, type, cancellationToken) is not { } index)
            {
                continue;
            }

            evt.Properties[EventColumns.GroupKey(index)] = key;
            var group = await FetchAsync(project.TeamId, index, key, cancellationToken);
            columns.Add(new GroupColumns(index, key, group is null ? "" : IngestionJson.Text(group.Properties), group?.CreatedAt ?? DateTimeOffset.UnixEpoch));
        }

        return columns;
    }

    private async Task IdentifyAsync(Project project, IncomingEvent evt, BatchWrites writes, CancellationToken cancellationToken)
    {
        if (KeyText(evt.Properties["$group_type"]) is not { } type || KeyText(evt.Properties["$group_key"]) is not { } key
            || await IndexAsync(project, type, cancellationToken) is not { } index)
        {
            return;
        }

        var set = evt.Properties["$group_set"] as JsonObject ?? [];
        var group = await store.UpsertAsync(project.TeamId, index, key, set, evt.Timestamp, cancellationToken);
        groups[(project.TeamId, index, key)] = (group, time.GetUtcNow() + GroupCachedFor);
        writes.Group(new GroupRow(index, key, ClickHouseTime.Format(group.CreatedAt), project.TeamId, IngestionJson.Text(group.Properties), group.Version, "", 0));
    }

    private async ValueTask<int?> IndexAsync(Project project, string type, CancellationToken cancellationToken)
    {
        if (typeIndexes.TryGetValue((project.TeamId, type), out var known))
        {
            return known;
        }

        var index = await store.GroupTypeIndexAsync(project.TeamId, project.ProjectId, type, cancellationToken);
        if (index is { } allocated)
        {
            typeIndexes[(project.TeamId, type)] = allocated; // a mapping never changes once made
        }

        return index;
    }

    private async ValueTask<Group?> FetchAsync(long teamId, int index, string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (groups.TryGetValue((teamId, index, key), out var cached) && cached.Expires > now)
        {
            return cached.Group;
        }

        var group = await store.FetchAsync(teamId, index, key, cancellationToken);
        if (groups.Count > MaxCachedGroups)
        {
            groups.Clear();
        }

        groups[(teamId, index, key)] = (group, now + GroupCachedFor);
        return group;
    }

    // Group keys are strings; SDKs sometimes send numbers, which PostHog stringifies.
    private static string? KeyText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() is { Length: > 0 } text ? text : null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };
}
