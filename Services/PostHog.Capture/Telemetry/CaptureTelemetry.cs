using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PostHog.Capture.Telemetry;

/// <summary>The "PostHog.Capture" ActivitySource and Meter: accepted/rejected events, request bytes, batch sizes.</summary>
public sealed class CaptureTelemetry
{
    public const string Name = "PostHog.Capture";
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Histogram<long> _requestBytes;
    private readonly Histogram<long> _batchSize;

    public CaptureTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _accepted = meter.CreateCounter<long>("capture.events.accepted", "{event}", "Events acknowledged by Kafka");
        _rejected = meter.CreateCounter<long>("capture.events.rejected", "{request}", "Requests refused, by reason code");
        _requestBytes = meter.CreateHistogram<long>("capture.request.bytes", "By", "Request body size as received");
        _batchSize = meter.CreateHistogram<long>("capture.batch.size", "{event}", "Events per request");
    }

    public void Accepted(string topic, int count) => _accepted.Add(count, new KeyValuePair<string, object?>("topic", topic));

    public void Rejected(CaptureError error) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", error.Code));

    public void Received(long bytes) => _requestBytes.Record(bytes);

    public void Batch(int events) => _batchSize.Record(events);
}
