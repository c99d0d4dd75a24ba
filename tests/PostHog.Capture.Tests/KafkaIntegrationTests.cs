using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Confluent.Kafka;
using PostHog.Contracts;
using PostHog.Contracts.Events;

namespace PostHog.Capture.Tests;

/// <summary>Capture producing to the real local broker and a Confluent consumer reading it back.</summary>
[Trait("Category", "Integration")]
public class KafkaIntegrationTests
{
    private static Task<CaptureServer> StartCapture(string bootstrapServers) => CaptureServer.StartAsync(builder =>
    {
        builder.Configuration["ConnectionStrings:kafka"] = bootstrapServers;
        builder.Configuration["Capture:KafkaMessageTimeoutMs"] = "3000";
        builder.Configuration["Capture:KafkaLingerMs"] = "5";
        builder.AddKafkaEventSink();
    });

    [Fact]
    public async Task Node_batch_is_produced_with_envelope_key_and_headers_and_read_back()
    {
        await using var broker = await LocalKafkaBroker.StartAsync();
        await using var capture = await StartCapture(broker.BootstrapServers);

        var content = new ByteArrayContent(SampleBodies.Gzip(SampleBodies.NodeBatch));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        var response = await capture.Client.PostAsync("/batch/", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(capture.Sink.Records);

        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = "capture-test",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(KafkaTopics.EventsPluginIngestion);
        var received = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Count < 2 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } result) received.Add(result);
        }

        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.Equal("phc_testtoken123:user-1", r.Message.Key));
        var first = received.Single(r => Header(r, "event") == "test_event");
        var captured = ContractsJson.DeserializeCapturedEvent(first.Message.Value)!;
        Assert.Equal(Guid.Parse("01a20a01-35d6-7f78-8bda-abd32dbddccb"), captured.Uuid);
        Assert.Equal("user-1", captured.DistinctId);
        Assert.Contains("\"plan\":\"pro\"", captured.Data);
        Assert.Equal("phc_testtoken123", Header(first, "token"));
        Assert.Equal("01a20a01-35d6-7f78-8bda-abd32dbddccb", Header(first, "uuid"));
        Assert.Equal(captured.Timestamp.ToUnixTimeMilliseconds().ToString(), Header(first, "timestamp"));
        consumer.Close();
    }

    [Fact]
    public async Task Broker_down_answers_503()
    {
        var broker = await LocalKafkaBroker.StartAsync();
        await using var capture = await StartCapture(broker.BootstrapServers);
        Assert.Equal(HttpStatusCode.OK, (await capture.Client.PostAsync("/i/v0/e/", new StringContent(SampleBodies.JsEnvelope(SampleBodies.JsPageview), Encoding.UTF8, "application/json"))).StatusCode);

        await broker.DisposeAsync();
        var response = await capture.Client.PostAsync("/i/v0/e/", new StringContent(SampleBodies.JsEnvelope(SampleBodies.JsPageview), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static string Header(ConsumeResult<string, byte[]> result, string name) =>
        Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes(name));
}
