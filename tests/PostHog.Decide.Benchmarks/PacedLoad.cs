using System.Diagnostics;
using System.Net;

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// Open-loop load from a dedicated pacing thread: request i is due at start + i / rate; the thread sleeps on
/// CLOCK_MONOTONIC until shortly before that (1 ns timer slack), spins the last <c>spin</c> microseconds and sends on an
/// idle persistent connection from its own thread, so the send syscall is made on schedule. Responses are read by each
/// connection's receive loop. Latency is measured from the scheduled time (no coordinated omission): lateness of the
/// pacing thread and any wait for a free connection count against the request. Also a closed-loop mode for warm-up.
/// </summary>
public sealed class PacedLoad(IPEndPoint endPoint, RequestTemplates templates, int connections, TimeSpan spin) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly Stack<RawHttpConnection> idle = new();
    private readonly Queue<int> waiting = new();
    private readonly List<RawHttpConnection> all = [];
    private Action<RawHttpConnection, int, int, long> onCompleted = (_, _, _, _) => { };

    public long BodyBytes => all.Sum(c => c.BodyBytes);

    public async Task OpenAsync()
    {
        for (var i = 0; i < connections; i++)
        {
            var connection = await RawHttpConnection.OpenAsync(endPoint, templates, (c, index, status, done) => onCompleted(c, index, status, done));
            all.Add(connection);
            idle.Push(connection);
        }
    }

    /// <summary>Closed loop: <paramref name="concurrency"/> requests always in flight for <paramref name="duration"/>.</summary>
    public async Task<(int Completed, int Failed)> RunClosedLoopAsync(int concurrency, TimeSpan duration, long sequenceOffset)
    {
        var completedCount = 0;
        var failedCount = 0;
        var running = concurrency;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var next = 0;
        onCompleted = (connection, _, status, done) =>
        {
            if (status is >= 200 and < 300) Interlocked.Increment(ref completedCount);
            else Interlocked.Increment(ref failedCount);
            if (status != 0 && done < deadline) connection.Send(Interlocked.Increment(ref next), sequenceOffset);
            else
            {
                if (status != 0) lock (gate) idle.Push(connection);
                if (Interlocked.Decrement(ref running) == 0) finished.TrySetResult();
            }
        };
        var started = new List<RawHttpConnection>();
        lock (gate)
            while (started.Count < concurrency && idle.TryPop(out var connection)) started.Add(connection);
        if (started.Count < concurrency) throw new InvalidOperationException($"only {started.Count} of {concurrency} connections are usable");
        foreach (var connection in started) connection.Send(Interlocked.Increment(ref next), sequenceOffset);
        await finished.Task.WaitAsync(duration + TimeSpan.FromSeconds(10));
        return (completedCount, failedCount);
    }

    /// <summary>Open loop at <paramref name="ratePerSecond"/> for <paramref name="duration"/>; request i carries sequence <paramref name="sequenceOffset"/> + i.</summary>
    public async Task<OpenLoopRecords> RunOpenLoopAsync(double ratePerSecond, TimeSpan duration, long sequenceOffset)
    {
        var total = (int)(ratePerSecond * duration.TotalSeconds);
        var records = new OpenLoopRecords(total);
        var outstanding = total;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        onCompleted = (connection, index, status, done) =>
        {
            records.Done[index] = done;
            records.Status[index] = status;
            Interlocked.Decrement(ref inFlight);
            if (Interlocked.Decrement(ref outstanding) == 0) finished.TrySetResult();
            if (status == 0) return; // a broken connection is dropped
            int waited;
            lock (gate)
            {
                if (!waiting.TryDequeue(out waited))
                {
                    idle.Push(connection);
                    return;
                }
            }
            records.Sent[waited] = Stopwatch.GetTimestamp();
            connection.Send(waited, sequenceOffset + waited);
        };

        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        var ticksPerRequest = Stopwatch.Frequency / ratePerSecond;
        var spinTicks = (long)(spin.TotalSeconds * Stopwatch.Frequency);
        var pacer = new Thread(() =>
        {
            MonotonicClock.UseExactTimersOnThisThread();
            var waited = RunQueueWait.OfThisThread();
            for (var i = 0; i < total; i++)
            {
                var due = start + (long)(i * ticksPerRequest);
                records.Scheduled[i] = due;
                if (due - Stopwatch.GetTimestamp() > spinTicks) MonotonicClock.SleepUntil(due - spinTicks);
                while (Stopwatch.GetTimestamp() < due) Thread.SpinWait(20);
                var nowInFlight = Interlocked.Increment(ref inFlight);
                if (nowInFlight > records.MaxInFlight) records.MaxInFlight = nowInFlight;
                RawHttpConnection? connection;
                lock (gate)
                {
                    if (!idle.TryPop(out connection))
                    {
                        waiting.Enqueue(i);
                        records.WaitedForConnection++;
                    }
                }
                if (connection is null) continue;
                records.Sent[i] = Stopwatch.GetTimestamp();
                connection.Send(i, sequenceOffset + i);
            }
            records.PacerWaitedForCpu = RunQueueWait.OfThisThread() - waited;
        }) { IsBackground = true, Name = "pacer" };
        pacer.Start();
        var scheduleEnd = TimeSpan.FromSeconds(duration.TotalSeconds + 0.01);
        try
        {
            await finished.Task.WaitAsync(scheduleEnd + TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // Requests still unanswered 10 s after the schedule ended count as failed.
        }
        pacer.Join();
        onCompleted = (_, _, _, _) => { };
        records.Start = start;
        return records;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var connection in all) connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
