using System.Globalization;
using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Apis;

/// <summary>DescribeConfigs v0–3: a handful of read-only entries (clients expect entries, not an empty list).</summary>
public sealed class DescribeConfigsApi(TopicRegistry topics, BrokerOptions options) : IApiHandler
{
    private const sbyte TopicResource = 2;
    private const sbyte BrokerResource = 4;
    private const sbyte DefaultConfigSource = 5;

    public ApiKey Key => ApiKey.DescribeConfigs;
    public short MinVersion => 0;
    public short MaxVersion => 3;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        var count = r.ReadArrayCount();
        var resources = new List<(sbyte Type, string Name, HashSet<string>? Keys)>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            var type = r.ReadInt8();
            var name = r.ReadString();
            var keyCount = r.ReadArrayCount();
            HashSet<string>? keys = keyCount < 0 ? null : [];
            for (var k = 0; k < keyCount; k++) keys!.Add(r.ReadString());
            resources.Add((type, name, keys));
        }

        var w = request.CreateResponse(1024);
        w.WriteInt32(0);
        w.WriteArrayCount(resources.Count);
        foreach (var (type, name, keys) in resources)
        {
            var error = type switch
            {
                TopicResource => topics.Find(name) is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None,
                BrokerResource => ErrorCode.None,
                _ => ErrorCode.InvalidRequest,
            };
            var entries = error != ErrorCode.None ? [] : Entries(type).Where(e => keys is null || keys.Count == 0 || keys.Contains(e.Name)).ToList();
            w.WriteError(error);
            w.WriteNullableString(error == ErrorCode.None ? null : error.ToString());
            w.WriteInt8(type);
            w.WriteString(name);
            w.WriteArrayCount(entries.Count);
            foreach (var (configName, value) in entries)
            {
                w.WriteString(configName);
                w.WriteNullableString(value);
                w.WriteBoolean(true); // read only
                if (v == 0) w.WriteBoolean(true); // is default
                else w.WriteInt8(DefaultConfigSource);
                w.WriteBoolean(false); // sensitive
                if (v >= 1) w.WriteArrayCount(0); // synonyms
                if (v >= 3)
                {
                    w.WriteInt8(0); // config type: unknown
                    w.WriteNullableString(null);
                }
            }
        }
        return ValueTask.FromResult<KafkaWriter?>(w);
    }

    private IEnumerable<(string Name, string Value)> Entries(sbyte type)
    {
        var retentionMs = options.RetentionMs > 0 ? options.RetentionMs : -1;
        var retentionBytes = options.RetentionBytes > 0 ? options.RetentionBytes : -1;
        yield return ("cleanup.policy", "delete");
        yield return ("retention.ms", retentionMs.ToString(CultureInfo.InvariantCulture));
        yield return ("retention.bytes", retentionBytes.ToString(CultureInfo.InvariantCulture));
        yield return ("segment.bytes", options.SegmentBytes.ToString(CultureInfo.InvariantCulture));
        yield return ("max.message.bytes", options.MaxRequestBytes.ToString(CultureInfo.InvariantCulture));
        yield return ("message.timestamp.type", "CreateTime");
        if (type == BrokerResource)
        {
            yield return ("num.partitions", options.Partitions.ToString(CultureInfo.InvariantCulture));
            yield return ("auto.create.topics.enable", options.AutoCreateTopics ? "true" : "false");
        }
    }
}
