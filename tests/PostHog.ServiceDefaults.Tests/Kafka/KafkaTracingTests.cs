using System.Diagnostics;
using Confluent.Kafka;
using PostHog.ServiceDefaults.Kafka;

namespace PostHog.ServiceDefaults.Tests.Kafka;

public sealed class KafkaTracingTests : IDisposable
{
    private readonly ActivitySource testSource = new("PostHog.ServiceDefaults.Tests");
    private readonly ActivityListener listener = new()
    {
        ShouldListenTo = source => source.Name is KafkaTracing.ActivitySourceName or "PostHog.ServiceDefaults.Tests",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public KafkaTracingTests() => ActivitySource.AddActivityListener(listener);

    [Fact]
    public void Headers_carry_traceparent_and_tracestate_round_trip()
    {
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "vendor=value", isRemote: false);
        var headers = new Headers { { "traceparent", "00-stale-stale-00"u8.ToArray() } };

        KafkaTracing.InjectTraceContext(headers, context);
        var extracted = KafkaTracing.ExtractTraceContext(headers);

        Assert.Single(headers, header => header.Key == "traceparent");
        Assert.Equal($"00-{context.TraceId}-{context.SpanId}-01", System.Text.Encoding.UTF8.GetString(headers.GetLastBytes("traceparent")));
        Assert.Equal("vendor=value", System.Text.Encoding.UTF8.GetString(headers.GetLastBytes("tracestate")));
        Assert.Equal(context.TraceId, extracted.TraceId);
        Assert.Equal(context.SpanId, extracted.SpanId);
        Assert.Equal(ActivityTraceFlags.Recorded, extracted.TraceFlags);
        Assert.Equal("vendor=value", extracted.TraceState);
        Assert.True(extracted.IsRemote);
    }

    [Fact]
    public void Missing_or_malformed_headers_give_no_parent()
    {
        Assert.Equal(default, KafkaTracing.ExtractTraceContext(null));
        Assert.Equal(default, KafkaTracing.ExtractTraceContext([]));
        Assert.Equal(default, KafkaTracing.ExtractTraceContext(new Headers { { "traceparent", "garbage"u8.ToArray() } }));
    }

    [Fact]
    public void Process_span_is_a_child_of_the_producer_context()
    {
        using var producerSide = testSource.StartActivity("produce")!;
        var headers = new Headers();
        KafkaTracing.InjectTraceContext(headers, producerSide.Context);
        producerSide.Stop();
        Activity.Current = null;

        var result = new ConsumeResult<string, byte[]>
        {
            Topic = "events_plugin_ingestion",
            Partition = new Partition(3),
            Offset = new Offset(42),
            Message = new Message<string, byte[]> { Key = "k", Value = [], Headers = headers },
        };
        using var process = result.StartProcessActivity("clickhouse-ingestion");

        Assert.NotNull(process);
        Assert.Equal(producerSide.TraceId, process.TraceId);
        Assert.Equal(producerSide.SpanId, process.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("process events_plugin_ingestion", process.DisplayName);
        Assert.Equal("kafka", process.GetTagItem("messaging.system"));
        Assert.Equal("3", process.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(42L, process.GetTagItem("messaging.kafka.offset"));
        Assert.Equal("clickhouse-ingestion", process.GetTagItem("messaging.consumer.group.name"));
    }

    public void Dispose()
    {
        listener.Dispose();
        testSource.Dispose();
    }
}
