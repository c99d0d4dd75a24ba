using System.Diagnostics;
using Microsoft.AspNetCore.Builder;

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// In the server process: when the app's pipeline started and finished each measured request (by its
/// <see cref="RawHttpConnection.SequenceHeader"/>), in Stopwatch ticks, the load process's clock too. The same
/// middleware runs in front of Decide and of the bare endpoint.
/// </summary>
public sealed class ServerTimings(int capacity)
{
    public long[] Started { get; } = new long[capacity];
    public long[] Finished { get; } = new long[capacity];

    public void Clear()
    {
        Array.Clear(Started);
        Array.Clear(Finished);
    }

    public void Install(WebApplication app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        await next(context);
        if (long.TryParse(context.Request.Headers[RawHttpConnection.SequenceHeader], out var sequence) && sequence < Started.Length)
        {
            Started[sequence] = started;
            Finished[sequence] = Stopwatch.GetTimestamp();
        }
    });
}
