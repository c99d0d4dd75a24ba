using System.Globalization;
using System.Text;

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// Where requests spent their time, all requests against the slowest 1 %: send lateness (pacing thread and waits for a
/// connection, load process), to app (loopback, Kestrel reading and dispatching, server process's thread pool), in app
/// (the endpoint: Decide's work, or writing fixed bytes), back (Kestrel writing, loopback, the load process reading),
/// and how many overlapped a runtime pause of the server process.
/// </summary>
public static class TailBreakdown
{
    public static string Describe(OpenLoopRecords records, ServerTimings server, RuntimePauses pauses, double percentile = 99)
    {
        var ok = Enumerable.Range(0, records.Count).Where(i => records.Succeeded(i) && i < server.Started.Length && server.Started[i] > 0).ToArray();
        if (ok.Length == 0) return "no timed requests";
        var threshold = OpenLoopSummary.Percentile(ok.Select(records.LatencyMs).Order().ToArray(), percentile);
        var tail = ok.Where(i => records.LatencyMs(i) >= threshold).ToArray();
        var phasePauses = pauses.Between(records.Start, records.Done.Max());
        Func<int, long>[] parts = [i => records.Sent[i] - records.Scheduled[i], i => server.Started[i] - records.Sent[i], i => server.Finished[i] - server.Started[i], i => records.Done[i] - server.Finished[i]];
        var text = new StringBuilder();
        var longest = phasePauses.OrderByDescending(p => p.End - p.Start).FirstOrDefault();
        text.Append(CultureInfo.InvariantCulture, $"server runtime pauses during the phase: {phasePauses.Count}, total {phasePauses.Sum(p => p.End - p.Start) / 1e6:0.0} ms, longest {(longest.End - longest.Start) / 1e6:0.00} ms ({longest.What})\n");
        text.Append("           ms (mean / p50 / max)      send late              to app                 in app                 back\n");
        Row(text, "all", ok);
        Row(text, $"slowest {100 - percentile:0.#}% (≥ {threshold:0.00} ms)", tail);
        var overlapping = tail.Count(i => phasePauses.Any(p => p.Start <= records.Done[i] && p.End >= records.Scheduled[i]));
        var backgroundGcs = pauses.BackgroundBetween(records.Start, records.Done.Max());
        var duringBackgroundGc = tail.Count(i => backgroundGcs.Any(p => p.Start <= records.Done[i] && p.End >= records.Scheduled[i]));
        text.Append(CultureInfo.InvariantCulture, $"           slowest overlapping a server runtime pause: {overlapping} of {tail.Length}; background gen2 GCs in the phase: {backgroundGcs.Count} ({string.Join(", ", backgroundGcs.Select(g => $"@{(g.Start - records.Start) / 1e9:0.00} s for {(g.End - g.Start) / 1e6:0} ms"))}), slowest during one: {duringBackgroundGc}\n");
        // Slow requests scheduled within 5 ms of each other are one episode (a stall), rather than scattered slowness.
        var episodes = new List<List<int>>();
        foreach (var i in tail.OrderBy(i => records.Scheduled[i]))
        {
            if (episodes.Count > 0 && records.Scheduled[i] - records.Scheduled[episodes[^1][^1]] <= 5_000_000) episodes[^1].Add(i);
            else episodes.Add([i]);
        }
        text.Append(CultureInfo.InvariantCulture, $"           slowest in {episodes.Count} episodes; largest (requests, at s, worst ms, mean ms send late/to app/in app/back): {string.Join(", ", episodes.OrderByDescending(e => e.Count).Take(5).Select(e => $"{e.Count} @{(records.Scheduled[e[0]] - records.Start) / 1e9:0.00} {e.Max(records.LatencyMs):0.0} ({string.Join("/", parts.Select(part => (e.Average(i => part(i)) / 1e6).ToString("0.0", CultureInfo.InvariantCulture)))})"))}");
        return text.ToString();

        void Row(StringBuilder output, string label, int[] requests)
        {
            output.Append(CultureInfo.InvariantCulture, $"           {label,-28}");
            foreach (var part in parts)
            {
                var values = requests.Select(i => part(i) / 1e6).Order().ToArray();
                output.Append(CultureInfo.InvariantCulture, $"{values.Average(),6:0.000} {OpenLoopSummary.Percentile(values, 50),6:0.000} {values[^1],7:0.00}   ");
            }
            output.Append('\n');
        }
    }
}
