using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using PostHog.Capture.Sinks;

namespace PostHog.Capture.Tests;

public class KafkaEventSinkTests
{
    [Fact]
    public async Task Unreachable_broker_is_503_after_the_message_timeout_never_success()
    {
        var config = CaptureProducerConfig.Apply(new ProducerConfig { BootstrapServers = $"127.0.0.1:{ClosedPort()}" },
            new CaptureOptions { KafkaMessageTimeoutMs = 1500, KafkaLingerMs = 1 });
        using var producer = new ProducerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        var sink = new KafkaEventSink(producer, NullLogger<KafkaEventSink>.Instance);
        var records = new[] { new KafkaRecord("events_plugin_ingestion", "t:d", [1, 2, 3], [new("token", "t"u8.ToArray())]) };

        var ex = await Assert.ThrowsAsync<CaptureException>(() => sink.SendAsync(records, CancellationToken.None));
        Assert.Equal(503, ex.Error.Status);
    }

    [Fact]
    public void Producer_settings_match_capture_rs_except_a_message_timeout_below_the_sdk_request_timeout()
    {
        var config = CaptureProducerConfig.Apply(new ProducerConfig(), new CaptureOptions());
        Assert.Equal((Acks.All, true, 20, 7_000, Partitioner.Murmur2Random), (config.Acks, config.EnableIdempotence, config.LingerMs, config.MessageTimeoutMs, config.Partitioner));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
