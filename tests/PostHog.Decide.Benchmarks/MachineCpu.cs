namespace PostHog.Decide.Benchmarks;

/// <summary>
/// The whole machine's CPU use from /proc/stat (all processes, all cores), so a phase can say how much of the shared
/// cores went to processes other than the servers, and how much the hypervisor stole.
/// </summary>
public readonly record struct MachineCpu(long Busy, long Steal, long Total)
{
    public static MachineCpu Now()
    {
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice" in clock ticks, summed over cores.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        return new MachineCpu(fields[0] + fields[1] + fields[2] + fields[5] + fields[6], fields[7], fields.Sum());
    }

    /// <summary>Cores busy (not counting steal) and cores stolen between two readings <paramref name="seconds"/> apart.</summary>
    public static (double Busy, double Steal) Cores(MachineCpu from, MachineCpu to, double seconds)
    {
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        return ((to.Busy - from.Busy) / ticksPerSecond / seconds, (to.Steal - from.Steal) / ticksPerSecond / seconds);
    }
}
