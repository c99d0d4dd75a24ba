using System.Diagnostics;

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// Closed-loop saturation through HttpClient in the server process (maximum throughput; see README.md for why it
/// stays in-process): <c>concurrency</c> workers, each sending its next request when the last one is answered.
/// </summary>
public sealed class SaturationLoad(HttpClient client, Func<int, HttpRequestMessage> request)
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
