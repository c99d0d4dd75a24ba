using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Apis;

/// <summary>
/// OffsetFetch v0–5: committed offsets, −1 when none (not an error); null topics (v2+) = everything the group
/// committed. The committed leader epoch is always −1 so librdkafka skips leader-epoch validation.
/// </summary>
public sealed class OffsetFetchApi(CommittedOffsetStore offsets) : IApiHandler
{
    public ApiKey Key => ApiKey.OffsetFetch;
    public short MinVersion => 0;
    public short MaxVersion => 5;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        var groupId = r.ReadString();
        var topicCount = r.ReadArrayCount();
        var requested = new List<(string Topic, List<int> Partitions)>();
        if (topicCount < 0)
            requested.AddRange(offsets.OffsetsOf(groupId).Keys.GroupBy(k => k.Topic)
                .Select(g => (g.Key, g.Select(k => k.Partition).Order().ToList())));
        for (var t = 0; t < topicCount; t++)
        {
            var name = r.ReadString();
            var count = r.ReadArrayCount();
            var partitions = new List<int>(Math.Max(count, 0));
            for (var p = 0; p < count; p++) partitions.Add(r.ReadInt32());
            requested.Add((name, partitions));
        }

        var w = request.CreateResponse(64 + requested.Sum(t => 16 + t.Partitions.Count * 24));
        if (v >= 3) w.WriteInt32(0);
        w.WriteArrayCount(requested.Count);
        foreach (var (topic, partitions) in requested)
        {
            w.WriteString(topic);
            w.WriteArrayCount(partitions.Count);
            foreach (var partition in partitions)
            {
                var committed = offsets.Find(groupId, topic, partition);
                w.WriteInt32(partition);
                w.WriteInt64(committed?.Offset ?? -1);
                if (v >= 5) w.WriteInt32(-1);
                w.WriteNullableString(committed is null ? "" : committed.Value.Metadata ?? "");
                w.WriteError(ErrorCode.None);
            }
        }
        if (v >= 2) w.WriteError(ErrorCode.None);
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
