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
        var deliveries = new Task<DeliveryResult<string, byte[]>>[records.Count];
        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                deliveries[i] = producer.ProduceTracedAsync(records[i].Topic, ToMessage(records[i]), cancellationToken);
            }
            await Task.WhenAll(deliveries);
        }
        catch (ProduceException<string, byte[]> ex) when (ex.Error.Code is ErrorCode.MsgSizeTooLarge)
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
}
