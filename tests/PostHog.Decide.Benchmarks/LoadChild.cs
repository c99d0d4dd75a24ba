using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// The <c>--load</c> mode: this executable started again as the load process, so that the servers' GC heap and thread
/// pool are not the generator's. Warms up (closed-loop burst, then 1 s open-loop windows until the p99 is steady), runs
/// one open-loop phase, writes every request's timestamps to <c>--records</c> and exits non-zero if any request failed.
/// </summary>
public static class LoadChild
{
    /// <summary>Sequence numbers from here on are warm-up requests, which the server process does not record.</summary>
    public const long WarmUpSequence = 5_000_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        MonotonicClock.EnsureStopwatchIsMonotonic();
        var url = new Uri(Argument(args, "--url") ?? throw new ArgumentException("--url"));
        var token = Argument(args, "--token") ?? throw new ArgumentException("--token");
        var bodies = Argument(args, "--bodies") switch
        {
            "properties" => Enumerable.Range(0, BenchmarkData.Persons).Select(i => BenchmarkData.WithProperties(token, i)).ToArray(),
            "stored" => Enumerable.Range(0, BenchmarkData.Persons).Select(i => BenchmarkData.Stored(token, i)).ToArray(),
            var other => throw new ArgumentException($"--bodies {other}"),
        };
        var rate = Number(args, "--rate", 2000);
        var duration = TimeSpan.FromSeconds(Number(args, "--seconds", 10));
        var records = Argument(args, "--records") ?? throw new ArgumentException("--records");
        var connections = (int)Number(args, "--connections", 256);
        var spin = TimeSpan.FromMicroseconds(Number(args, "--spin-us", 0));

        var endPoint = new IPEndPoint(IPAddress.Parse(url.Host), url.Port);
        await using var load = new PacedLoad(endPoint, new RequestTemplates(url, bodies), connections, spin);
        await load.OpenAsync();
        Console.WriteLine(await WarmUpAsync(load, rate));

        var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var bytes = load.BodyBytes;
        var waited = RunQueueWait.OfThisProcess();
        Console.WriteLine(LoadProcess.PhaseStarts);
        var phase = await load.RunOpenLoopAsync(rate, duration, 0);
        Console.WriteLine(LoadProcess.PhaseEnds);
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        waited = RunQueueWait.OfThisProcess() - waited;
        phase.WriteTo(records);
        var summary = OpenLoopSummary.From(phase);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load process: CPU {cpu.TotalMicroseconds / phase.Count:0.0} µs/request, threads waited for a CPU {waited.TotalMilliseconds:0} ms (receive side) + {phase.PacerWaitedForCpu.TotalMilliseconds:0} ms (pacing thread) in {duration.TotalSeconds:0} s, GCs gen0 {GC.CollectionCount(0) - gen0} gen1 {GC.CollectionCount(1) - gen1} gen2 {GC.CollectionCount(2) - gen2} paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0.0} ms, {(load.BodyBytes - bytes) / Math.Max(1, phase.Count):0} body bytes/response"));
        Console.WriteLine($"measured: {summary}");
        return summary.Failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// Until latency is steady, so the measured phase sees neither JIT tiering nor thread-pool growth (in either process):
    /// a 2 s closed-loop burst, then 1 s open-loop windows until two windows in a row have a p99 within 25 % (or 1 ms)
    /// of the window before and at least 5,000 requests were sent; at most 20 windows.
    /// </summary>
    private static async Task<string> WarmUpAsync(PacedLoad load, double rate)
    {
        var (burst, burstFailed) = await load.RunClosedLoopAsync(16, TimeSpan.FromSeconds(2), WarmUpSequence);
        var sent = burst + burstFailed;
        var failed = burstFailed;
        var steady = 0;
        var windows = new List<double>();
        while (windows.Count < 20)
        {
            var window = OpenLoopSummary.From(await load.RunOpenLoopAsync(rate, TimeSpan.FromSeconds(1), WarmUpSequence));
            sent += window.Sent;
            failed += window.Failed;
            var p99 = window.Percentile(99);
            if (windows.Count > 0) steady = Math.Abs(p99 - windows[^1]) <= Math.Max(1, 0.25 * windows[^1]) ? steady + 1 : 0;
            windows.Add(p99);
            if (steady >= 2 && sent >= 5_000) break;
        }
        if (failed > 0) throw new InvalidOperationException($"{failed} warm-up requests failed");
        return string.Create(CultureInfo.InvariantCulture,
            $"warm-up: {sent} requests ({burst} closed-loop, {windows.Count} × 1 s windows); window p99 ms: {string.Join(" ", windows.Select(w => w.ToString("0.0", CultureInfo.InvariantCulture)))}{(steady >= 2 ? "" : " (not steady)")}");
    }

    private static string? Argument(string[] args, string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;

    private static double Number(string[] args, string name, double fallback) =>
        Argument(args, name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
