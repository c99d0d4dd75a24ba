using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;
using PostHog.LocalKafka.Telemetry;

namespace PostHog.LocalKafka.Tests;

public sealed class BrokerMetricsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("broker-metrics-").FullName;
    private LogFlusher _flusher = null!;

    public Task InitializeAsync()
    {
        _flusher = new LogFlusher(NullLogger<LogFlusher>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _flusher.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Meter_reports_requests_end_offsets_and_group_lag()
    {
        var options = new BrokerOptions { DataDir = _directory, Partitions = 1 };
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var topics = new TopicRegistry(options, NullLogger<TopicRegistry>.Instance);
        using var offsets = new CommittedOffsetStore(options, _flusher, topics, NullLogger<CommittedOffsetStore>.Instance);
        using var metrics = new BrokerMetrics(services.GetRequiredService<IMeterFactory>(), topics, offsets);

        topics.Create("metered", 1, out var topic);
        topic!.Partitions[0].Append(TestBatches.Create(10), out _);
        await offsets.CommitAsync("readers", [(new TopicPartition("metered", 0), new CommittedOffset(4, -1, null))]);

        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == BrokerMetrics.Name) l.EnableMeasurementEvents(instrument); },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (seen) seen[instrument.Name] = seen.GetValueOrDefault(instrument.Name) + value;
        });
        listener.Start();
        metrics.RequestHandled(ApiKey.Produce, 0.001);
        metrics.BytesIn(100);
        listener.RecordObservableInstruments();

        Assert.Equal(1, seen["kafka.requests"]);
        Assert.Equal(100, seen["kafka.bytes_in"]);
        Assert.Equal(10, seen["kafka.partition.end_offset"]);
        Assert.Equal(6, seen["kafka.group.lag"]);
    }
}
