using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Apis;

/// <summary>SyncGroup v0–3: the leader hands in assignments, everyone parks until they arrive.</summary>
public sealed class SyncGroupApi(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.SyncGroup;
    public short MinVersion => 0;
    public short MaxVersion => 3;

    public async ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var (groupId, generationId, memberId, assignments) = Parse(request);
        var group = coordinator.Find(groupId);
        var result = group is null
            ? new SyncGroupResult(ErrorCode.UnknownMemberId, [])
            : await group.Sync(memberId, generationId, assignments).WaitAsync(request.ConnectionClosed);
        var w = request.CreateResponse(32 + result.Assignment.Length);
        if (request.Version >= 1) w.WriteInt32(0);
        w.WriteError(result.Error);
        w.WriteBytes(result.Assignment);
        return w;
    }

    private static (string, int, string, Dictionary<string, byte[]>) Parse(RequestContext request)
    {
        var r = request.CreateReader();
        var groupId = r.ReadString();
        var generationId = r.ReadInt32();
        var memberId = r.ReadString();
        if (request.Version >= 3) r.ReadNullableString(); // group instance id
        var count = r.ReadArrayCount();
        var assignments = new Dictionary<string, byte[]>(Math.Max(count, 0));
        for (var i = 0; i < count; i++) assignments[r.ReadString()] = r.ReadBytes();
        return (groupId, generationId, memberId, assignments);
    }
}
