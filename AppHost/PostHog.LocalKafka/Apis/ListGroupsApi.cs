using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Apis;

/// <summary>ListGroups v0–2: every group with members or committed offsets.</summary>
public sealed class ListGroupsApi(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.ListGroups;
    public short MinVersion => 0;
    public short MaxVersion => 2;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var groups = coordinator.GroupIds.Order(StringComparer.Ordinal).ToList();
        var w = request.CreateResponse(64 + groups.Sum(g => g.Length + 16));
        if (request.Version >= 1) w.WriteInt32(0);
        w.WriteError(ErrorCode.None);
        w.WriteArrayCount(groups.Count);
        foreach (var groupId in groups)
        {
            w.WriteString(groupId);
            w.WriteString(coordinator.Find(groupId)?.ProtocolType ?? "consumer");
        }
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
