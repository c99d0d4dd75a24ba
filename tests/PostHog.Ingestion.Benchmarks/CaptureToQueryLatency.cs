using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Benchmarks;

/// <summary>
/// Capture → queryable latency at a fixed rate: requests of <see cref="BatchSize"/> events go out on a schedule; a
/// poller queries ClickHouse every <see cref="PollInterval"/> and notes when each request's events are all visible.
/// The figure per request is (all visible − request sent); the poll interval bounds its error.
/// </summary>
public sealed class CaptureToQueryLatency(BenchEvents sender, ClickHouseClient clickHouse)
{
    public const string EventName = "bench_latency";
    public const int BatchSize = 20;
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<LatencyResult> MeasureAsync(string prefix, int eventsPerSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var requests = (int)(duration.TotalSeconds * eventsPerSecond / BatchSize);
        var spacing = TimeSpan.FromSeconds((double)BatchSize / eventsPerSecond);
        var sent = new long[requests];
        var visible = new ConcurrentDictionary<long, long>();
        using var polling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poller = PollAsync(prefix, visible, polling.Token);

        var clock = Stopwatch.StartNew();
        var sends = new List<Task>(requests);
        for (var b = 0; b < requests; b++)
        {
            var due = spacing * b;
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, cancellationToken);
            var events = Enumerable.Range(0, BatchSize).Select(i => BenchEvents.Event(EventName, $"{prefix}-{(b * BatchSize + i) % 200}", b)).ToList();
            sent[b] = Stopwatch.GetTimestamp();
            sends.Add(sender.SendAsync(events, cancellationToken));
        }

        await Task.WhenAll(sends);
        var achieved = requests * BatchSize / clock.Elapsed.TotalSeconds;
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (visible.Count < requests - sender.Rejected && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(PollInterval, cancellationToken);
        }

        await polling.CancelAsync();
        await poller;
        var latencies = visible.Select(v => Stopwatch.GetElapsedTime(sent[v.Key], v.Value).TotalSeconds).Order().ToArray();
        return new LatencyResult(achieved, requests, latencies.Length, Percentile(latencies, 0.50), Percentile(latencies, 0.95), latencies.LastOrDefault());
    }

    private async Task PollAsync(string prefix, ConcurrentDictionary<long, long> visible, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT visitParamExtractUInt(properties, 'b') AS b, count() FROM events
            WHERE team_id = 1 AND event = {ClickHouseLiteral.String(EventName)} AND startsWith(distinct_id, {ClickHouseLiteral.String(prefix)})
            GROUP BY b HAVING count() >= {BatchSize}
            """;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var now = Stopwatch.GetTimestamp();
                await foreach (var row in clickHouse.QueryTsvAsync(sql, cancellationToken: cancellationToken))
                {
                    visible.TryAdd(long.Parse(row[0]!, CultureInfo.InvariantCulture), now);
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

public sealed record LatencyResult(double AchievedEventsPerSecond, int Requests, int Visible, double P50Seconds, double P95Seconds, double MaxSeconds);
