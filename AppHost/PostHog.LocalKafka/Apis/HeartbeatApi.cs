using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Apis;

/// <summary>Heartbeat v0–3: keeps a member's session alive and tells it about a pending rebalance.</summary>
public sealed class HeartbeatApi(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.Heartbeat;
    public short MinVersion => 0;
    public short MaxVersion => 3;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var r = request.CreateReader();
        var groupId = r.ReadString();
        var generationId = r.ReadInt32();
        var memberId = r.ReadString();
        if (request.Version >= 3) r.ReadNullableString(); // group instance id
        var error = coordinator.Find(groupId)?.Heartbeat(memberId, generationId) ?? ErrorCode.UnknownMemberId;
        var w = request.CreateResponse(16);
        if (request.Version >= 1) w.WriteInt32(0);
        w.WriteError(error);
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
