using System.IO.Compression;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using PostHog.Capture.Clock;
using PostHog.Capture.Envelope;
using PostHog.Capture.Parsing;
using PostHog.Capture.Routing;
using PostHog.Capture.Validation;
using PostHog.Contracts;
using PostHog.RequestDecoding;

namespace PostHog.Capture.Benchmarks;

/// <summary>
/// Capture's decode → validate → clock → envelope path against the least any server must do with the same body:
/// gunzip it and parse the JSON. Kafka and HTTP are left out so only capture's own work is compared.
/// </summary>
[MemoryDiagnoser, MinColumn, MedianColumn]
public class CapturePathBenchmarks
{
    private const int Limit = 20 * 1024 * 1024;
    private byte[] _body = [];
    private RequestDecoder _decoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = GzipBatch.Create(50);
        _decoder = new RequestDecoder(Options.Create(new DecodingOptions()));
    }

    [Benchmark(Baseline = true)]
    public int GunzipAndParse()
    {
        using var gzip = new GZipStream(new MemoryStream(_body), CompressionMode.Decompress);
        var json = new MemoryStream();
        gzip.CopyTo(json);
        using var document = JsonDocument.Parse(json.GetBuffer().AsMemory(0, (int)json.Length));
        return document.RootElement.GetProperty("batch").GetArrayLength();
    }

    [Benchmark]
    public int CaptureDecodeValidateEnvelope()
    {
        var json = _decoder.Decode(new EncodedRequest(_body, "text/plain"), Limit);
        using var payload = CapturePayloadParser.Parse(json);
        var batch = EventValidator.Validate(payload);
        var now = DateTimeOffset.UtcNow;
        var sentAt = ClockSkewCorrector.SentAt(payload.SentAt, null);
        var bytes = 0;
        foreach (var evt in batch.Events)
        {
            var timestamp = ClockSkewCorrector.Resolve(evt.Timestamp, evt.Offset, sentAt, now, evt.IgnoreSentAt);
            var route = new EventRoute(KafkaTopics.EventsPluginIngestion, $"{batch.Token}:{evt.DistinctId}");
            bytes += EventEnvelope.Build(batch.Token, evt, "127.0.0.1", now, sentAt, timestamp, false, route).Value.Length;
        }
        return bytes;
    }
}
