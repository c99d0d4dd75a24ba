using System.Globalization;

namespace PostHog.Ingestion.Benchmarks;

/// <summary>
/// CPU time (user + system) of the local processes whose command line names <paramref name="commandPart"/>, from
/// <c>/proc</c>. CPU per event does not depend on what else the machine runs, unlike a rate on a shared 2-core box.
/// </summary>
public sealed class ProcessCpu(string commandPart)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public TimeSpan Read()
    {
        if (!Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(dir), out _) || !File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Any(Matches))
                {
                    continue;
                }

                // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private bool Matches(string argument) =>
        Path.GetFileName(argument).Equals(commandPart, StringComparison.Ordinal) || argument.Equals(commandPart, StringComparison.Ordinal);
}
