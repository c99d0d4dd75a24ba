using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Apis;

/// <summary>DescribeGroups v0–4: state, protocol and members; an unknown group is reported as "Dead", as Kafka does.</summary>
public sealed class DescribeGroupsApi(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.DescribeGroups;
    public short MinVersion => 0;
    public short MaxVersion => 4;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        var count = r.ReadArrayCount();
        var groupIds = new List<string>(Math.Max(count, 0));
        for (var i = 0; i < count; i++) groupIds.Add(r.ReadString());
        var w = request.CreateResponse(512);
        if (v >= 1) w.WriteInt32(0);
        w.WriteArrayCount(groupIds.Count);
        foreach (var groupId in groupIds)
        {
            var description = coordinator.Find(groupId)?.Describe() ?? new GroupDescription(groupId, GroupState.Dead, "", "", []);
            w.WriteError(ErrorCode.None);
            w.WriteString(groupId);
            w.WriteString(description.State.ToString());
            w.WriteString(description.ProtocolType);
            w.WriteString(description.ProtocolName);
            w.WriteArrayCount(description.Members.Count);
            foreach (var member in description.Members)
            {
                w.WriteString(member.MemberId);
                if (v >= 4) w.WriteNullableString(member.GroupInstanceId);
                w.WriteString(member.ClientId);
                w.WriteString(member.ClientHost);
                w.WriteBytes(member.Metadata);
                w.WriteBytes(member.Assignment);
            }
            if (v >= 3) w.WriteInt32(int.MinValue);
        }
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
