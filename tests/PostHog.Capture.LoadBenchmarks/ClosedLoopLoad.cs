using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace PostHog.Capture.LoadBenchmarks;

/// <summary>
/// Closed-loop posthog-js-like load: each of N connections posts a pre-built gzip batch (text/plain, like posthog-js's
/// fetch) and sends the next as soon as the answer arrives. Only a 200 counts as accepted events.
/// </summary>
public sealed class ClosedLoopLoad(Uri captureUrl, IReadOnlyList<byte[]> bodies, int eventsPerBody)
{
    public sealed record Result(long Requests, long Accepted, long Failed, string? FirstFailure, double Seconds, double[] LatenciesMs, int EventsPerBody)
    {
        public double EventsPerSecond => Accepted * EventsPerBody / Seconds;
        public long AcceptedEvents => Accepted * EventsPerBody;

        /// <summary>Rounds taken apart in time as one measurement: counts and durations add up, latencies merge.</summary>
        public static Result Combine(IReadOnlyList<Result> rounds)
        {
            var latencies = rounds.SelectMany(r => r.LatenciesMs).ToArray();
            Array.Sort(latencies);
            return new Result(rounds.Sum(r => r.Requests), rounds.Sum(r => r.Accepted), rounds.Sum(r => r.Failed),
                rounds.Select(r => r.FirstFailure).FirstOrDefault(f => f is not null), rounds.Sum(r => r.Seconds), latencies, rounds[0].EventsPerBody);
        }

        public double Percentile(double p) =>
            LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Clamp((int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1, 0, LatenciesMs.Length - 1)];
    }

    private static readonly MediaTypeHeaderValue TextPlain = new("text/plain");

    public async Task<Result> RunAsync(int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var url = new Uri(captureUrl, "/e/?compression=gzip-js");
        var latencies = new List<double>[connections];
        long accepted = 0, failed = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var own = latencies[worker] = new List<double>(16 * 1024);
            for (var next = worker; clock.Elapsed < duration && !cancellationToken.IsCancellationRequested; next += connections)
            {
                var body = bodies[next % bodies.Count];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) { Headers = { ContentType = TextPlain } } };
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref accepted);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                        firstFailure ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
                    }
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref failed);
                    firstFailure ??= e.Message;
                }
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }, cancellationToken)));
        // The rate counts every request started before the deadline, over the time until the last one answered.
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Result(all.Length, accepted, failed, firstFailure, seconds, all, eventsPerBody);
    }
}
