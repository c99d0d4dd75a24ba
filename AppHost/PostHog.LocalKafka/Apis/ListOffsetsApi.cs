using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Apis;

/// <summary>ListOffsets v0–5: −1 = high watermark, −2 = log start, t ≥ 0 = first batch whose max timestamp ≥ t.</summary>
public sealed class ListOffsetsApi(TopicRegistry topics) : IApiHandler
{
    public ApiKey Key => ApiKey.ListOffsets;
    public short MinVersion => 0;
    public short MaxVersion => 5;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        r.ReadInt32(); // replica id
        if (v >= 2) r.ReadInt8(); // isolation level
        var w = request.CreateResponse(512);
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
                if (v >= 4) r.ReadInt32(); // current leader epoch
                var timestamp = r.ReadInt64();
                if (v == 0) r.ReadInt32(); // max_num_offsets
                var log = topic?.Partition(index);
                var offset = log is null ? -1 : timestamp switch
                {
                    -1 => log.LogEndOffset,
                    -2 => log.LogStartOffset,
                    _ => log.OffsetForTimestamp(timestamp),
                };
                w.WriteInt32(index);
                w.WriteError(log is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None);
                if (v == 0)
                {
                    w.WriteArrayCount(offset >= 0 ? 1 : 0);
                    if (offset >= 0) w.WriteInt64(offset);
                    continue;
                }
                w.WriteInt64(timestamp >= 0 && offset >= 0 ? timestamp : -1);
                w.WriteInt64(offset);
                if (v >= 4) w.WriteInt32(0);
            }
        }
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
