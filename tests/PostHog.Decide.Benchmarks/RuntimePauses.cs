using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// The server process's runtime suspensions (GC keyword events SuspendEEBegin → RestartEEEnd: GCs, and the few
/// other suspensions the runtime makes, which stop managed threads just the same) as Stopwatch intervals, so tail
/// requests can be checked against them.
/// </summary>
public sealed class RuntimePauses : EventListener
{
    private const int GcStart = 1;
    private const int GcEnd = 2;
    private const int RestartEnd = 3;
    private const int SuspendBegin = 9;
    private static readonly string[] Kinds = ["blocking", "background", "foreground"];
    private readonly ConcurrentQueue<(long Start, long End, string What)> pauses = new();
    // Event time stamps are UTC DateTimes: Stopwatch ticks = UTC ticks × 100 + offset (both clocks in ns).
    private readonly long offset = Stopwatch.GetTimestamp() - DateTime.UtcNow.Ticks * 100;
    private readonly ConcurrentDictionary<uint, long> backgroundStarted = new();
    private readonly ConcurrentQueue<(long Start, long End)> background = new();
    private long suspended;
    private string what = "";

    /// <summary>Background (concurrent) gen2 GCs from start to end: no pause, but their GC threads take CPU meanwhile.</summary>
    public IReadOnlyList<(long Start, long End)> BackgroundBetween(long from, long to) => background.Where(p => p.End >= from && p.Start <= to).ToArray();

    public IReadOnlyList<(long Start, long End, string What)> Between(long from, long to) => pauses.Where(p => p.End >= from && p.Start <= to).ToArray();

    private static object? Payload(EventWrittenEventArgs e, string name) =>
        e.PayloadNames?.IndexOf(name) is int at and >= 0 ? e.Payload![at] : null;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, (EventKeywords)1); // GC keyword
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        var at = e.TimeStamp.ToUniversalTime().Ticks * 100 + offset;
        if (e.EventId == SuspendBegin)
        {
            suspended = at;
            what = $"suspension reason {Payload(e, "Reason")}";
        }
        else if (e.EventId == GcStart)
        {
            // Background GCs run mostly concurrently; their pauses are the suspensions around them.
            var kind = Payload(e, "Type") is uint type && type < Kinds.Length ? Kinds[type] : "?";
            what = $"gen{Payload(e, "Depth")} {kind} GC, reason {Payload(e, "Reason")}";
            if (kind == "background" && Payload(e, "Count") is uint count) backgroundStarted[count] = at;
        }
        else if (e.EventId == GcEnd && Payload(e, "Count") is uint count && backgroundStarted.TryRemove(count, out var started))
        {
            background.Enqueue((started, at));
        }
        else if (e.EventId == RestartEnd && suspended != 0)
        {
            pauses.Enqueue((suspended, at, what));
            suspended = 0;
        }
    }
}
