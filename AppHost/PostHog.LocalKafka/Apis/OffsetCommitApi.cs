using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Apis;

/// <summary>OffsetCommit v0–7: validated against the group's generation, persisted and fsynced before the answer.</summary>
public sealed class OffsetCommitApi(GroupCoordinator coordinator, CommittedOffsetStore offsets) : IApiHandler
{
    public ApiKey Key => ApiKey.OffsetCommit;
    public short MinVersion => 0;
    public short MaxVersion => 7;

    public async ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var (groupId, generationId, memberId, topics) = Parse(request);
        var group = coordinator.Find(groupId);
        var error = groupId.Length == 0 ? ErrorCode.InvalidGroupId
            : group is null ? (generationId < 0 ? ErrorCode.None : ErrorCode.UnknownMemberId)
            : group.ValidateCommit(memberId, generationId);
        if (error == ErrorCode.None)
            await offsets.CommitAsync(groupId, [.. topics.SelectMany(t => t.Partitions.Select(p => (new TopicPartition(t.Name, p.Index), p.Offset)))]);
        var w = request.CreateResponse(64 + topics.Sum(t => 16 + t.Partitions.Count * 8));
        if (request.Version >= 3) w.WriteInt32(0);
        w.WriteArrayCount(topics.Count);
        foreach (var (name, partitions) in topics)
        {
            w.WriteString(name);
            w.WriteArrayCount(partitions.Count);
            foreach (var (index, _) in partitions)
            {
                w.WriteInt32(index);
                w.WriteError(error);
            }
        }
        return w;
    }

    private static (string, int, string, List<(string Name, List<(int Index, CommittedOffset Offset)> Partitions)>) Parse(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        var groupId = r.ReadString();
        var generationId = v >= 1 ? r.ReadInt32() : -1;
        var memberId = v >= 1 ? r.ReadString() : "";
        if (v >= 7) r.ReadNullableString(); // group instance id
        if (v is >= 2 and <= 4) r.ReadInt64(); // retention time
        var topicCount = r.ReadArrayCount();
        var topics = new List<(string, List<(int, CommittedOffset)>)>(Math.Max(topicCount, 0));
        for (var t = 0; t < topicCount; t++)
        {
            var name = r.ReadString();
            var partitionCount = r.ReadArrayCount();
            var partitions = new List<(int, CommittedOffset)>(Math.Max(partitionCount, 0));
            for (var p = 0; p < partitionCount; p++)
            {
                var index = r.ReadInt32();
                var offset = r.ReadInt64();
                var epoch = v >= 6 ? r.ReadInt32() : -1;
                if (v == 1) r.ReadInt64(); // commit timestamp
                partitions.Add((index, new CommittedOffset(offset, epoch, r.ReadNullableString())));
            }
            topics.Add((name, partitions));
        }
        return (groupId, generationId, memberId, topics);
    }
}
