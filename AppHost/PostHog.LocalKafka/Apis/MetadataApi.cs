using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Apis;

/// <summary>Metadata v0–8: the single broker, and topics (v0: empty = all; v1+: null = all), auto-creating on request.</summary>
public sealed class MetadataApi(TopicRegistry topics, BrokerOptions options) : IApiHandler
{
    public ApiKey Key => ApiKey.Metadata;
    public short MinVersion => 0;
    public short MaxVersion => 8;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        var count = r.ReadArrayCount();
        List<string>? names = null;
        if (count > 0 || (count == 0 && v >= 1))
        {
            names = new List<string>(count);
            for (var i = 0; i < count; i++) names.Add(r.ReadString());
        }
        var allowCreate = v < 4 || r.ReadBoolean();

        var results = new List<(string Name, ErrorCode Error, Topic? Topic)>();
        if (names is null)
            results.AddRange(topics.All.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (t.Name, ErrorCode.None, (Topic?)t)));
        else
            foreach (var name in names)
            {
                var topic = topics.GetOrCreate(name, allowCreate, out var error);
                results.Add((name, error, topic));
            }

        var w = request.CreateResponse(256 + results.Count * 64);
        if (v >= 3) w.WriteInt32(0);
        w.WriteArrayCount(1);
        w.WriteInt32(BrokerOptions.NodeId);
        w.WriteString(options.AdvertisedHostName);
        w.WriteInt32(options.BoundPort);
        if (v >= 1) w.WriteNullableString(null);
        if (v >= 2) w.WriteNullableString(BrokerOptions.ClusterId);
        if (v >= 1) w.WriteInt32(BrokerOptions.NodeId);
        w.WriteArrayCount(results.Count);
        foreach (var (name, error, topic) in results)
        {
            w.WriteError(error);
            w.WriteString(name);
            if (v >= 1) w.WriteBoolean(false);
            var partitions = topic?.Partitions ?? [];
            w.WriteArrayCount(partitions.Length);
            foreach (var partition in partitions)
            {
                w.WriteError(ErrorCode.None);
                w.WriteInt32(partition.Partition);
                w.WriteInt32(BrokerOptions.NodeId);
                if (v >= 7) w.WriteInt32(0);
                w.WriteArrayCount(1);
                w.WriteInt32(BrokerOptions.NodeId);
                w.WriteArrayCount(1);
                w.WriteInt32(BrokerOptions.NodeId);
                if (v >= 5) w.WriteArrayCount(0);
            }
            if (v >= 8) w.WriteInt32(int.MinValue);
        }
        if (v >= 8) w.WriteInt32(int.MinValue);
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
