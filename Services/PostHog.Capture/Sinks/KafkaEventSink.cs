using System.Diagnostics;
using Confluent.Kafka;
using PostHog.ServiceDefaults.Kafka;

namespace PostHog.Capture.Sinks;

/// <summary>
/// Produces a request's records and waits for every delivery report, so capture answers 200 only for events
/// Kafka acknowledged (acks=all). Size rejections become 413, everything else 503 so SDKs retry.
/// </summary>
public sealed class KafkaEventSink(IProducer<string, byte[]> producer, ILogger<KafkaEventSink> logger) : IEventSink
{
    public async Task SendAsync(IReadOnlyList<KafkaRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0) return;
        // One producer span per request (OpenTelemetry's batch send), its context in every message's traceparent:
        // a span per event was about a tenth of capture's work per request (tests/PostHog.Capture.LoadBenchmarks).
        using var activity = StartSendActivity(records);
        var traceHeaders = new Headers();
        KafkaTracing.InjectTraceContext(traceHeaders, activity?.Context ?? Activity.Current?.Context ?? default);
        // Delivery callbacks counted down into one completion per request: a task, state machine and thread-pool
        // hop per message (ProduceAsync) cost more than capture's own work per event under load.
        var deliveries = new RequestDeliveries(records.Count);
        try
        {
            var previous = new Header?[8];
            for (var i = 0; i < records.Count; i++)
            {
                producer.Produce(records[i].Topic, ToMessage(records[i], traceHeaders, previous), deliveries.OnDelivery);
            }
            var error = await deliveries.Completion.WaitAsync(cancellationToken);
            if (error is not null) throw new KafkaException(error);
        }
        catch (KafkaException ex) when (ex.Error.Code is ErrorCode.MsgSizeTooLarge)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Error.Reason);
            throw new CaptureException(CaptureError.PayloadTooLarge("event is larger than Kafka accepts"));
        }
        catch (KafkaException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Error.Reason);
            logger.LogWarning(ex, "Kafka did not acknowledge {Count} events: {Reason}", records.Count, ex.Error.Reason);
            throw new CaptureException(CaptureError.ServiceUnavailable("events could not be stored, retry later"));
        }
    }

    private Activity? StartSendActivity(IReadOnlyList<KafkaRecord> records)
    {
        var topic = records[0].Topic;
        var activity = KafkaTracing.ActivitySource.StartActivity($"send {topic}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "send");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.batch.message_count", records.Count);
            activity.SetTag("messaging.client.id", producer.Name);
        }
        return activity;
    }

    /// <param name="previous">The previous message's headers by position: a value array the envelope shares across the
    /// request (token, receive time, event name) reuses its <see cref="Header"/> too.</param>
    private static Message<string, byte[]> ToMessage(KafkaRecord record, Headers traceHeaders, Header?[] previous)
    {
        var headers = new Headers();
        for (var i = 0; i < record.Headers.Count; i++)
        {
            var (name, value) = record.Headers[i];
            var header = i < previous.Length ? previous[i] : null;
            if (header is null || !ReferenceEquals(header.GetValueBytes(), value) || !ReferenceEquals(header.Key, name))
            {
                header = new Header(name, value);
                if (i < previous.Length) previous[i] = header;
            }
            headers.Add(header);
        }
        // The same traceparent for the whole request: librdkafka copies header bytes on produce.
        foreach (var header in traceHeaders) headers.Add(header as Header ?? new Header(header.Key, header.GetValueBytes()));
        // A null key lets librdkafka pick any partition (overflow traffic).
        return new Message<string, byte[]> { Key = record.Key!, Value = record.Value, Headers = headers };
    }

    /// <summary>Completes when every record has its delivery report: with null if all were acknowledged, else the first error.</summary>
    private sealed class RequestDeliveries(int count)
    {
        private readonly TaskCompletionSource<Error?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _pending = count;
        private Error? _firstError;

        public Task<Error?> Completion => _completion.Task;

        public void OnDelivery(DeliveryReport<string, byte[]> report)
        {
            if (report.Error.IsError) Interlocked.CompareExchange(ref _firstError, report.Error, null);
            if (Interlocked.Decrement(ref _pending) == 0) _completion.TrySetResult(Volatile.Read(ref _firstError));
        }
    }
}
