using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// Sleeping until an absolute time on CLOCK_MONOTONIC, which is what <see cref="Stopwatch"/> reads on Linux (checked
/// at start), so timestamps agree across the load process and the server process. <see cref="Thread.Sleep(int)"/> and
/// <see cref="Task.Delay(int)"/> only have 1 ms granularity (plus the kernel's 50 µs timer slack), which made the old
/// generator send in bursts.
/// </summary>
public static class MonotonicClock
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private const int SetTimerSlack = 29; // PR_SET_TIMERSLACK

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int ClockNanosleep(int clock, int flags, in TimeSpec time, IntPtr remaining);

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    /// <summary>Throws unless Stopwatch ticks are CLOCK_MONOTONIC nanoseconds (then both processes share one clock).</summary>
    public static void EnsureStopwatchIsMonotonic()
    {
        if (!OperatingSystem.IsLinux() || Stopwatch.Frequency != 1_000_000_000)
            throw new PlatformNotSupportedException($"the paced load needs Linux with a nanosecond Stopwatch (frequency {Stopwatch.Frequency})");
        ClockGetTime(ClockMonotonic, out var time);
        var stopwatch = Stopwatch.GetTimestamp();
        var monotonic = time.Seconds * 1_000_000_000 + time.Nanoseconds;
        if (Math.Abs(stopwatch - monotonic) > 10_000_000)
            throw new PlatformNotSupportedException($"Stopwatch ({stopwatch}) is not CLOCK_MONOTONIC ({monotonic})");
    }

    /// <summary>Timer slack for the calling thread only: 1 ns instead of the default 50 µs.</summary>
    public static void UseExactTimersOnThisThread() => Prctl(SetTimerSlack, 1, 0, 0, 0);

    /// <summary>Sleeps until the Stopwatch timestamp <paramref name="due"/> (returns at once when it has passed).</summary>
    public static void SleepUntil(long due)
    {
        var time = new TimeSpec { Seconds = due / 1_000_000_000, Nanoseconds = due % 1_000_000_000 };
        ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, in time, IntPtr.Zero);
    }
}
