using System.Diagnostics;
using PostHog.Hosting.Orchestration;

namespace PostHog.Ingestion.Benchmarks;

/// <summary>
/// Sustained ingestion rate: with ingestion stopped, capture fills Kafka with <c>count</c> events; then ingestion starts
/// and the rate is measured from a tenth of the events queryable to the last (its start-up, group join and JIT warm-up excluded).
/// </summary>
public sealed class IngestionThroughput(ResourceCommandService commands, BenchEvents sender, EventCounter counter, ClickHouseQuiet quiet)
{
    public const string EventName = "bench_throughput";

    /// <summary>
    /// Counting scans the run's rows, so polling costs ClickHouse CPU the baseline does not pay: poll no more often than
    /// this. The end is then known to within one interval, which can only make ingestion look slower.
    /// </summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static readonly ProcessCpu IngestionCpu = new("PostHog.Ingestion.dll");
    public static readonly ProcessCpu ClickHouseCpu = new("clickhouse-server");

    public async Task<ThroughputResult> MeasureAsync(string prefix, int count, CancellationToken cancellationToken)
    {
        await commands.StopAsync("ingestion", cancellationToken);
        const int batchSize = 100;
        using (var gate = new SemaphoreSlim(4))
        {
            var sends = new List<Task>();
            for (var b = 0; b < count / batchSize; b++)
            {
                var events = Enumerable.Range(0, batchSize).Select(i => BenchEvents.Event(EventName, $"{prefix}-{(b * batchSize + i) % 1000}", b)).ToList();
                await gate.WaitAsync(cancellationToken);
                sends.Add(Task.Run(async () =>
                {
                    try { await sender.SendAsync(events, cancellationToken); }
                    finally { gate.Release(); }
                }, cancellationToken));
            }

            await Task.WhenAll(sends);
        }

        var expected = count / batchSize * batchSize - sender.Rejected * batchSize;
        await quiet.WaitAsync(cancellationToken);
        var started = Stopwatch.StartNew();
        await commands.StartAsync("ingestion", cancellationToken);
        // The restarted process compiles its hot paths during its first seconds (tiered JIT): the sustained rate is
        // taken from the moment a tenth of the backlog is queryable to the last event.
        var warm = expected / 10;
        long first;
        TimeSpan? firstVisible = null;
        while ((first = await counter.CountAsync(EventName, prefix, cancellationToken)) < warm)
        {
            firstVisible ??= first > 0 ? started.Elapsed : null;
            await Task.Delay(PollInterval, cancellationToken);
        }

        firstVisible ??= started.Elapsed;
        var ingestionCpu = IngestionCpu.Read();
        var clickHouseCpu = ClickHouseCpu.Read();
        var watch = Stopwatch.StartNew();
        while (await counter.CountAsync(EventName, prefix, cancellationToken) < expected)
        {
            await Task.Delay(PollInterval, cancellationToken);
        }

        watch.Stop();
        return new ThroughputResult((expected - first) / watch.Elapsed.TotalSeconds, expected - first, watch.Elapsed, firstVisible.Value,
            IngestionCpu.Read() - ingestionCpu, ClickHouseCpu.Read() - clickHouseCpu);
    }
}

/// <summary>
/// The sustained rate, over how many events and how long, how long after the start the first events were queryable,
/// and the CPU ingestion and ClickHouse spent in the measured stretch.
/// </summary>
public sealed record ThroughputResult(double EventsPerSecond, long Events, TimeSpan Elapsed, TimeSpan FirstVisible, TimeSpan IngestionCpu, TimeSpan ClickHouseCpu)
{
    public double IngestionMicrosecondsPerEvent => IngestionCpu.TotalMicroseconds / Events;
    public double ClickHouseMicrosecondsPerEvent => ClickHouseCpu.TotalMicroseconds / Events;
}
