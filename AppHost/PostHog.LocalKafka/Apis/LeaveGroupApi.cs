using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Apis;

/// <summary>LeaveGroup v0–3 (v3 carries a member array and answers per member, which KafkaJS parses).</summary>
public sealed class LeaveGroupApi(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.LeaveGroup;
    public short MinVersion => 0;
    public short MaxVersion => 3;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        var groupId = r.ReadString();
        var members = new List<(string MemberId, string? InstanceId)>();
        if (v <= 2) members.Add((r.ReadString(), null));
        else
        {
            var count = r.ReadArrayCount();
            for (var i = 0; i < count; i++) members.Add((r.ReadString(), r.ReadNullableString()));
        }
        var group = coordinator.Find(groupId);
        var errors = members.Select(m => group?.Leave(m.MemberId) ?? ErrorCode.UnknownMemberId).ToList();
        var w = request.CreateResponse(64);
        if (v >= 1) w.WriteInt32(0);
        if (v <= 2)
        {
            w.WriteError(errors[0]);
            return ValueTask.FromResult<KafkaWriter?>(w);
        }
        w.WriteError(ErrorCode.None);
        w.WriteArrayCount(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            w.WriteString(members[i].MemberId);
            w.WriteNullableString(members[i].InstanceId);
            w.WriteError(errors[i]);
        }
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
