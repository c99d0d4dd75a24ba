using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Apis;

/// <summary>JoinGroup v0–5: parks until the join phase completes (see <see cref="ConsumerGroup"/>).</summary>
public sealed class JoinGroupApi(GroupCoordinator coordinator, BrokerOptions options) : IApiHandler
{
    public ApiKey Key => ApiKey.JoinGroup;
    public short MinVersion => 0;
    public short MaxVersion => 5;

    public async ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var (groupId, join) = Parse(request);
        JoinGroupResult result;
        if (groupId.Length == 0) result = JoinGroupResult.Failure(ErrorCode.InvalidGroupId, join.MemberId);
        else if (join.SessionTimeoutMs < options.MinSessionTimeoutMs || join.SessionTimeoutMs > options.MaxSessionTimeoutMs)
            result = JoinGroupResult.Failure(ErrorCode.InvalidSessionTimeout, join.MemberId);
        else result = await coordinator.GetOrCreate(groupId).Join(join).WaitAsync(request.ConnectionClosed);
        return Write(request, result);
    }

    private static (string GroupId, JoinRequest Join) Parse(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        var groupId = r.ReadString();
        var sessionTimeout = r.ReadInt32();
        var rebalanceTimeout = v >= 1 ? r.ReadInt32() : sessionTimeout;
        var memberId = r.ReadString();
        var instanceId = v >= 5 ? r.ReadNullableString() : null;
        var protocolType = r.ReadString();
        var count = r.ReadArrayCount();
        var protocols = new List<(string, byte[])>(Math.Max(count, 0));
        for (var i = 0; i < count; i++) protocols.Add((r.ReadString(), r.ReadBytes()));
        return (groupId, new JoinRequest(memberId, instanceId, request.ClientId, request.ClientHost,
            sessionTimeout, rebalanceTimeout, protocolType, protocols, RequireKnownMemberId: v >= 4));
    }

    private static KafkaWriter Write(RequestContext request, JoinGroupResult result)
    {
        var v = request.Version;
        var w = request.CreateResponse(128 + result.Members.Sum(m => m.MemberId.Length + m.Metadata.Length + 16));
        if (v >= 2) w.WriteInt32(0);
        w.WriteError(result.Error);
        w.WriteInt32(result.GenerationId);
        w.WriteString(result.ProtocolName ?? "");
        w.WriteString(result.LeaderId);
        w.WriteString(result.MemberId);
        w.WriteArrayCount(result.Members.Count);
        foreach (var (memberId, instanceId, metadata) in result.Members)
        {
            w.WriteString(memberId);
            if (v >= 5) w.WriteNullableString(instanceId);
            w.WriteBytes(metadata);
        }
        return w;
    }
}
