using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Apis;

/// <summary>OffsetForLeaderEpoch v0–3: there is only ever epoch 0, which ends at the high watermark.</summary>
public sealed class OffsetForLeaderEpochApi(TopicRegistry topics) : IApiHandler
{
    public ApiKey Key => ApiKey.OffsetForLeaderEpoch;
    public short MinVersion => 0;
    public short MaxVersion => 3;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        if (v >= 3) r.ReadInt32(); // replica id
        var w = request.CreateResponse(256);
        if (v >= 2) w.WriteInt32(0);
        var topicCount = r.ReadArrayCount();
        w.WriteArrayCount(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            var name = r.ReadString();
            var topic = topics.Find(name);
            w.WriteString(name);
            var partitionCount = r.ReadArrayCount();
            w.WriteArrayCount(partitionCount);
            for (var p = 0; p < partitionCount; p++)
            {
                var index = r.ReadInt32();
                if (v >= 2) r.ReadInt32(); // current leader epoch
                r.ReadInt32(); // requested leader epoch
                var log = topic?.Partition(index);
                w.WriteError(log is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None);
                w.WriteInt32(index);
                if (v >= 1) w.WriteInt32(log is null ? -1 : 0);
                w.WriteInt64(log?.LogEndOffset ?? -1);
            }
        }
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
