using System.Globalization;
using System.Text;
using Confluent.Kafka;
using PostHog.Contracts;
using PostHog.ServiceDefaults.Kafka;

namespace PostHog.Ingestion.DeadLetters;

/// <summary>
/// Re-produces a message that cannot be processed, unchanged (key, value, headers), to <c>events_dead_letter_queue</c>
/// with <c>dlq-reason</c>, <c>dlq-step</c>, <c>dlq-timestamp</c> headers, as PostHog's <c>sendMessageToDLQ</c> does.
/// </summary>
public sealed class DeadLetterQueue(IProducer<string, byte[]> producer, TimeProvider time)
{
    public const string ReasonHeader = "dlq-reason";
    public const string StepHeader = "dlq-step";
    public const string TimestampHeader = "dlq-timestamp";
    public const string TopicHeader = "dlq-topic";

    private const int MaxReasonLength = 1000;

    /// <summary>Waits for the broker's acknowledgement: the batch's offsets are committed only after this.</summary>
    public async Task SendAsync(ConsumeResult<string, byte[]> message, string step, string reason, CancellationToken cancellationToken)
    {
        var headers = new Headers();
        foreach (var header in message.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(ReasonHeader, Encoding.UTF8.GetBytes(reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason));
        headers.Add(StepHeader, Encoding.UTF8.GetBytes(step));
        headers.Add(TimestampHeader, Encoding.UTF8.GetBytes(time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        headers.Add(TopicHeader, Encoding.UTF8.GetBytes(message.Topic));
        await producer.ProduceTracedAsync(KafkaTopics.EventsDeadLetterQueue, new Message<string, byte[]>
        {
            Key = message.Message.Key,
            Value = message.Message.Value,
            Headers = headers,
        }, cancellationToken);
    }
}
