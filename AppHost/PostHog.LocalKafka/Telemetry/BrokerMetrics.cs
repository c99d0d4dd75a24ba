using System.Diagnostics;
using System.Diagnostics.Metrics;
using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Telemetry;

/// <summary>
/// The broker's telemetry: the "PostHog.LocalKafka" Meter (requests by API, bytes in/out, partition end offsets,
/// group lag) and ActivitySource (one activity per request, created only when someone listens).
/// </summary>
public sealed class BrokerMetrics : IDisposable
{
    public const string Name = "PostHog.LocalKafka";
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;
    private readonly Counter<long> _connections;
    private readonly Histogram<double> _duration;
    private readonly KeyValuePair<string, object?>[][] _apiTags = new KeyValuePair<string, object?>[64][];

    public BrokerMetrics(IMeterFactory meterFactory, TopicRegistry topics, CommittedOffsetStore offsets)
    {
        _meter = meterFactory.Create(Name);
        _requests = _meter.CreateCounter<long>("kafka.requests", "{request}", "Requests handled, by API");
        _bytesIn = _meter.CreateCounter<long>("kafka.bytes_in", "By", "Request bytes received");
        _bytesOut = _meter.CreateCounter<long>("kafka.bytes_out", "By", "Response bytes sent");
        _connections = _meter.CreateCounter<long>("kafka.connections", "{connection}", "Client connections accepted");
        _duration = _meter.CreateHistogram<double>("kafka.request.duration", "s", "Time from reading a request to its response being queued");
        _meter.CreateObservableGauge("kafka.partition.end_offset", () => EndOffsets(topics), "{offset}", "Log end offset per partition");
        _meter.CreateObservableGauge("kafka.group.lag", () => Lag(topics, offsets), "{message}", "End offset minus committed offset per group partition");
        foreach (var key in Enum.GetValues<ApiKey>())
            _apiTags[(int)key] = [new("kafka.api", key.ToString())];
    }

    public void RequestHandled(ApiKey api, double seconds)
    {
        var tags = (uint)api < (uint)_apiTags.Length && _apiTags[(int)api] is { } t ? t : [new("kafka.api", "Unknown")];
        _requests.Add(1, tags);
        _duration.Record(seconds, tags);
    }

    public void BytesIn(long bytes) => _bytesIn.Add(bytes);
    public void BytesOut(long bytes) => _bytesOut.Add(bytes);
    public void ConnectionAccepted() => _connections.Add(1);

    private static IEnumerable<Measurement<long>> EndOffsets(TopicRegistry topics) =>
        topics.All.SelectMany(topic => topic.Partitions.Select(p =>
            new Measurement<long>(p.LogEndOffset, new KeyValuePair<string, object?>("kafka.topic", topic.Name), new KeyValuePair<string, object?>("kafka.partition", p.Partition))));

    private static IEnumerable<Measurement<long>> Lag(TopicRegistry topics, CommittedOffsetStore offsets) =>
        offsets.Groups.SelectMany(group => offsets.OffsetsOf(group)
            .Select(pair => (group, pair.Key, pair.Value, log: topics.Find(pair.Key.Topic)?.Partition(pair.Key.Partition)))
            .Where(x => x.log is not null)
            .Select(x => new Measurement<long>(Math.Max(0, x.log!.LogEndOffset - x.Value.Offset),
                new KeyValuePair<string, object?>("kafka.group", x.group),
                new KeyValuePair<string, object?>("kafka.topic", x.Key.Topic),
                new KeyValuePair<string, object?>("kafka.partition", x.Key.Partition))));

    public void Dispose() => _meter.Dispose();
}
