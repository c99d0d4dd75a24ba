using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PostHog.ServiceDefaults.Kafka;
using PostHog.ServiceDefaults.Tests.Fixtures;

namespace PostHog.ServiceDefaults.Tests.Kafka;

/// <summary>Registered producer and consumer against the project's LocalKafka broker.</summary>
[Trait("Category", "Integration")]
public sealed class KafkaClientTests(LocalKafkaBroker broker) : IClassFixture<LocalKafkaBroker>
{
    [Fact]
    public async Task Trace_context_travels_from_producer_to_consumer_and_both_are_healthy()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KafkaTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var topic = $"tracing_{Guid.NewGuid():N}";
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:kafka", broker.BootstrapServers)]);
        builder.Services.AddLogging();
        builder.AddKafkaProducer<string, string>("kafka", settings => settings.Config.AllowAutoCreateTopics = true);
        builder.AddKafkaConsumer<string, string>("kafka", settings =>
        {
            settings.Config.GroupId = "servicedefaults-tests";
            settings.Config.AutoOffsetReset = AutoOffsetReset.Earliest;
            settings.Config.AllowAutoCreateTopics = true;
        });
        await using var services = builder.Services.BuildServiceProvider();

        var producer = services.GetRequiredService<IProducer<string, string>>();
        var delivered = await producer.ProduceTracedAsync(topic, new Message<string, string> { Key = "k", Value = "v" });
        var callbackDelivered = new TaskCompletionSource<DeliveryReport<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        producer.ProduceTraced(topic, new Message<string, string> { Key = "k", Value = "second" }, callbackDelivered.SetResult);
        var report2 = await callbackDelivered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var consumer = services.GetRequiredService<IConsumer<string, string>>();
        consumer.Subscribe(topic);
        var received = await Task.Run(() => consumer.Consume(TimeSpan.FromSeconds(20)));
        using (received?.StartProcessActivity("servicedefaults-tests"))
        {
        }

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        consumer.Close();

        Assert.NotNull(received);
        Assert.Equal("v", received.Message.Value);
        Activity send, process;
        lock (spans)
        {
            send = spans.Single(s => s.Kind == ActivityKind.Producer && Equals(s.GetTagItem("messaging.kafka.offset"), delivered.Offset.Value));
            process = spans.Single(s => s.Kind == ActivityKind.Consumer && s.DisplayName == $"process {topic}");
        }

        Assert.False(report2.Error.IsError);
        lock (spans)
        {
            var callbackSend = spans.Single(s => s.Kind == ActivityKind.Producer && Equals(s.GetTagItem("messaging.kafka.offset"), report2.Offset.Value));
            Assert.Equal(ActivityStatusCode.Unset, callbackSend.Status);
        }

        Assert.Equal(send.TraceId, process.TraceId);
        Assert.Equal(send.SpanId, process.ParentSpanId);
        Assert.Equal($"send {topic}", send.DisplayName);
        Assert.Equal(HealthStatus.Healthy, report.Entries["Aspire.Confluent.Kafka.Producer"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["Aspire.Confluent.Kafka.Consumer"].Status);
    }
}
