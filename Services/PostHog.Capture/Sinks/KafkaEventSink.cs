using System.Text;
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
        // Delivery callbacks counted down into one completion per request: a task, state machine and thread-pool
        // hop per message (ProduceAsync) cost more than capture's own work per event under load.
        var deliveries = new RequestDeliveries(records.Count);
        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                producer.ProduceTraced(records[i].Topic, ToMessage(records[i]), deliveries.OnDelivery);
            }
            var error = await deliveries.Completion.WaitAsync(cancellationToken);
            if (error is not null) throw new KafkaException(error);
        }
        catch (KafkaException ex) when (ex.Error.Code is ErrorCode.MsgSizeTooLarge)
        {
            throw new CaptureException(CaptureError.PayloadTooLarge("event is larger than Kafka accepts"));
        }
        catch (KafkaException ex)
        {
            logger.LogWarning(ex, "Kafka did not acknowledge {Count} events: {Reason}", records.Count, ex.Error.Reason);
            throw new CaptureException(CaptureError.ServiceUnavailable("events could not be stored, retry later"));
        }
    }

    private static Message<string, byte[]> ToMessage(KafkaRecord record)
    {
        var headers = new Headers();
        foreach (var (name, value) in record.Headers) headers.Add(name, Encoding.UTF8.GetBytes(value));
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
