using System.Diagnostics;
using PostHog.Hosting.Orchestration;

namespace PostHog.Ingestion.Benchmarks;

/// <summary>
/// Sustained ingestion rate: with ingestion stopped, capture fills Kafka with <c>count</c> events; then ingestion starts
/// and the rate is measured from a tenth of the events queryable to the last (its start-up, group join and JIT warm-up excluded).
/// </summary>
public sealed class IngestionThroughput(ResourceCommandService commands, BenchEvents sender, EventCounter counter)
{
    public const string EventName = "bench_throughput";

    public async Task<(double EventsPerSecond, TimeSpan Elapsed)> MeasureAsync(string prefix, int count, CancellationToken cancellationToken)
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
        await commands.StartAsync("ingestion", cancellationToken);
        // The restarted process compiles its hot paths during its first seconds (tiered JIT): the sustained rate is
        // taken from the moment a tenth of the backlog is queryable to the last event.
        var warm = expected / 10;
        long first;
        while ((first = await counter.CountAsync(EventName, prefix, cancellationToken)) < warm)
        {
            await Task.Delay(20, cancellationToken);
        }

        var watch = Stopwatch.StartNew();
        while (await counter.CountAsync(EventName, prefix, cancellationToken) < expected)
        {
            await Task.Delay(20, cancellationToken);
        }

        watch.Stop();
        return ((expected - first) / watch.Elapsed.TotalSeconds, watch.Elapsed);
    }
}
