using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace PostHog.ServiceDefaults.Kafka;

/// <summary>
/// W3C trace context across Kafka: a producer span whose context travels in the <c>traceparent</c>/<c>tracestate</c>
/// message headers, and a consumer "process" span parented on it (OpenTelemetry messaging conventions).
/// </summary>
public static class KafkaTracing
{
    public const string ActivitySourceName = "PostHog.Kafka";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private static readonly TraceContextPropagator Propagator = new();

    /// <summary>Produces with a "send {topic}" producer span and the trace context in the message headers.</summary>
    public static async Task<DeliveryResult<TKey, TValue>> ProduceTracedAsync<TKey, TValue>(
        this IProducer<TKey, TValue> producer, string topic, Message<TKey, TValue> message, CancellationToken cancellationToken = default)
    {
        using var activity = StartSendActivity(producer, topic, message);
        try
        {
            var result = await producer.ProduceAsync(topic, message, cancellationToken);
            RecordDelivery(activity, result.TopicPartitionOffset);
            return result;
        }
        catch (Exception exception)
        {
            RecordError(activity, exception);
            throw;
        }
    }

    /// <summary>The callback form for high-throughput producers; the span ends when the delivery report arrives.</summary>
    public static void ProduceTraced<TKey, TValue>(
        this IProducer<TKey, TValue> producer, string topic, Message<TKey, TValue> message, Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        var previous = Activity.Current;
        var activity = StartSendActivity(producer, topic, message);
        // The span lives until the delivery callback; the caller's ambient span stays current on this thread.
        Activity.Current = previous;
        try
        {
            producer.Produce(topic, message, report =>
            {
                if (report.Error.IsError)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, report.Error.Reason);
                    activity?.SetTag("error.type", report.Error.Code.ToString());
                }
                else
                {
                    RecordDelivery(activity, report.TopicPartitionOffset);
                }

                activity?.Dispose();
                deliveryHandler?.Invoke(report);
            });
        }
        catch (Exception exception)
        {
            RecordError(activity, exception);
            activity?.Dispose();
            throw;
        }
    }

    /// <summary>Starts a "process {topic}" consumer span whose parent is the context found in the message headers.</summary>
    public static Activity? StartProcessActivity<TKey, TValue>(this ConsumeResult<TKey, TValue> result, string? consumerGroup = null)
    {
        var parent = ExtractTraceContext(result.Message?.Headers);
        var activity = ActivitySource.StartActivity($"process {result.Topic}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            SetCommonTags(activity, result.Topic, "process");
            activity.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", result.Offset.Value);
            if (consumerGroup is not null)
            {
                activity.SetTag("messaging.consumer.group.name", consumerGroup);
            }
        }

        return activity;
    }

    /// <summary>Writes <c>traceparent</c> (and <c>tracestate</c> when present), replacing any earlier values.</summary>
    public static void InjectTraceContext(Headers headers, ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Remove("traceparent");
        headers.Remove("tracestate");
        if (context == default)
        {
            return;
        }

        Propagator.Inject(new PropagationContext(context, default(Baggage)), headers, static (carrier, key, value) => carrier.Add(key, Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>The context carried in the headers, or <c>default</c> when there is none or it is malformed.</summary>
    public static ActivityContext ExtractTraceContext(Headers? headers)
    {
        if (headers is null)
        {
            return default;
        }

        return Propagator.Extract(default, headers, static (carrier, key) =>
            carrier.TryGetLastBytes(key, out var bytes) ? [Encoding.UTF8.GetString(bytes)] : []).ActivityContext;
    }

    private static Activity? StartSendActivity<TKey, TValue>(IProducer<TKey, TValue> producer, string topic, Message<TKey, TValue> message)
    {
        var activity = ActivitySource.StartActivity($"send {topic}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            SetCommonTags(activity, topic, "send");
            activity.SetTag("messaging.client.id", producer.Name);
        }

        // Without a listener there is no span of our own; the caller's span (if any) still travels downstream.
        message.Headers ??= [];
        InjectTraceContext(message.Headers, activity?.Context ?? Activity.Current?.Context ?? default);
        return activity;
    }

    private static void SetCommonTags(Activity activity, string topic, string operation)
    {
        activity.SetTag("messaging.system", "kafka");
        activity.SetTag("messaging.operation.type", operation);
        activity.SetTag("messaging.operation.name", operation);
        activity.SetTag("messaging.destination.name", topic);
    }

    private static void RecordDelivery(Activity? activity, TopicPartitionOffset delivered)
    {
        activity?.SetTag("messaging.destination.partition.id", delivered.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        activity?.SetTag("messaging.kafka.offset", delivered.Offset.Value);
    }

    private static void RecordError(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }
}
