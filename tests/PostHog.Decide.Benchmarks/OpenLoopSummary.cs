using System.Globalization;

namespace PostHog.Decide.Benchmarks;

/// <summary>Latency percentiles (from the scheduled send time), achieved rate, errors and pacing lateness of one open-loop phase.</summary>
public sealed record OpenLoopSummary(int Sent, int Failed, double RequestsPerSecond, double[] LatenciesMs, double[] LatenessMs, int WaitedForConnection, int MaxInFlight)
{
    public static OpenLoopSummary From(OpenLoopRecords records)
    {
        var ok = Enumerable.Range(0, records.Count).Where(records.Succeeded).ToArray();
        var latencies = ok.Select(records.LatencyMs).Order().ToArray();
        var lateness = Enumerable.Range(0, records.Count).Where(i => records.Sent[i] > 0).Select(i => (records.Sent[i] - records.Scheduled[i]) / 1e6).Order().ToArray();
        var end = ok.Length == 0 ? records.Start : ok.Max(i => records.Done[i]);
        var seconds = Math.Max(1e-9, (end - records.Start) / 1e9);
        return new OpenLoopSummary(records.Count, records.Count - ok.Length, ok.Length / seconds, latencies, lateness, records.WaitedForConnection, records.MaxInFlight);
    }

    public double Percentile(double p) => Percentile(LatenciesMs, p);

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"sent {Sent} failed {Failed} {RequestsPerSecond:0} req/s | latency ms p50 {Percentile(50):0.000} p90 {Percentile(90):0.000} p99 {Percentile(99):0.000} p99.9 {Percentile(99.9):0.000} max {Percentile(100):0.000} | send lateness ms p50 {Percentile(LatenessMs, 50):0.000} p99 {Percentile(LatenessMs, 99):0.000} max {Percentile(LatenessMs, 100):0.000} | waited for a connection {WaitedForConnection}, max in flight {MaxInFlight}");
}
