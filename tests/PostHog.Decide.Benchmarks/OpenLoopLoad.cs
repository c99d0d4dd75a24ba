using System.Diagnostics;

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// An open-loop load generator: requests start on a fixed schedule whether or not earlier ones finished, and each
/// latency is measured from its scheduled start (no coordinated omission). Also a closed-loop saturation mode for
/// maximum throughput.
/// </summary>
public sealed class OpenLoopLoad(HttpClient client, Func<int, HttpRequestMessage> request)
{
    public sealed record Result(string Name, int Sent, int Failed, double Seconds, double[] LatenciesMs)
    {
        public double RequestsPerSecond => (Sent - Failed) / Seconds;
        public double Percentile(double p)
        {
            if (LatenciesMs.Length == 0) return double.NaN;
            return LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1)];
        }
        /// <summary>Several runs of one scenario as one: counts and seconds added, latencies merged.</summary>
        public static Result Combine(string name, IReadOnlyCollection<Result> parts)
        {
            var latencies = parts.SelectMany(p => p.LatenciesMs).ToArray();
            Array.Sort(latencies);
            return new Result(name, parts.Sum(p => p.Sent), parts.Sum(p => p.Failed), parts.Sum(p => p.Seconds), latencies);
        }

        public override string ToString() =>
            $"{Name,-28} sent {Sent,7}  failed {Failed,5}  {RequestsPerSecond,9:0} req/s  p50 {Percentile(50),7:0.000} ms  p90 {Percentile(90),7:0.000} ms  p99 {Percentile(99),7:0.000} ms  max {Percentile(100),8:0.000} ms";
    }

    /// <summary>
    /// Runs until latency is steady, so the measured phase sees neither JIT tiering nor thread-pool growth: a closed-loop
    /// burst, then 1 s open-loop windows at <paramref name="ratePerSecond"/> until at least <paramref name="minRequests"/>
    /// were sent and two windows in a row have a p99 within 25 % (or 0.5 ms) of the window before; at most 20 windows.
    /// </summary>
    public async Task<string> WarmUpAsync(double ratePerSecond, int minRequests = 5_000, int concurrency = 16)
    {
        var burst = await RunSaturatedAsync("burst", concurrency, TimeSpan.FromSeconds(2));
        var sent = burst.Sent;
        var steadyWindows = 0;
        var windows = new List<Result>();
        while (windows.Count < 20)
        {
            var window = await RunAtRateAsync("window", ratePerSecond, TimeSpan.FromSeconds(1));
            sent += window.Sent;
            if (windows.Count > 0)
            {
                var previous = windows[^1].Percentile(99);
                var current = window.Percentile(99);
                steadyWindows = Math.Abs(current - previous) <= Math.Max(0.5, 0.25 * previous) ? steadyWindows + 1 : 0;
            }
            windows.Add(window);
            if (steadyWindows >= 2 && sent >= minRequests) break;
        }
        return $"{sent} requests ({burst.Sent} closed-loop, {windows.Count} × 1 s windows); window p99 ms: {string.Join(" ", windows.Select(w => w.Percentile(99).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}"
               + (steadyWindows >= 2 ? "" : " (not steady)");
    }

    public async Task<Result> RunAtRateAsync(string name, double ratePerSecond, TimeSpan duration)
    {
        var total = (int)(ratePerSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var tasks = new Task[total];
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var ticksPerRequest = Stopwatch.Frequency / ratePerSecond;
        var next = 0;
        while (next < total)
        {
            var due = Math.Min(total, (int)(clock.ElapsedTicks / ticksPerRequest) + 1);
            for (; next < due; next++)
            {
                var index = next;
                var scheduled = (long)(index * ticksPerRequest);
                tasks[index] = Task.Run(async () =>
                {
                    try
                    {
                        using var response = await client.SendAsync(request(index));
                        await response.Content.LoadIntoBufferAsync();
                        if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failed);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    latencies[index] = (clock.ElapsedTicks - scheduled) * 1000.0 / Stopwatch.Frequency;
                });
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Result(name, total, failed, seconds, latencies);
    }

    public async Task<Result> RunSaturatedAsync(string name, int concurrency, TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var failed = 0;
        var sent = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var own = latencies[worker] = [];
            while (clock.Elapsed < duration)
            {
                var index = Interlocked.Increment(ref sent);
                var start = clock.ElapsedTicks;
                try
                {
                    using var response = await client.SendAsync(request(index));
                    await response.Content.LoadIntoBufferAsync();
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failed);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }
                own.Add((clock.ElapsedTicks - start) * 1000.0 / Stopwatch.Frequency);
            }
        })));
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Result(name, sent, failed, clock.Elapsed.TotalSeconds, all);
    }
}
