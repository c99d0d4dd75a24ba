using System.Globalization;

namespace PostHog.Hosting.Processes;

/// <summary>What /proc/{pid}/stat says about a process: its session, group and start time (to tell reused pids apart).</summary>
internal sealed record ProcessInfo(int ProcessId, string Name, char State, int ProcessGroupId, int SessionId, long StartTicks)
{
    public static ProcessInfo? Read(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var name = stat[(open + 1)..close];

            // Fields after "(comm)": 3 state, 4 ppid, 5 pgrp, 6 session, … 22 starttime (1-based in proc(5)).
            var fields = stat[(close + 2)..].Split(' ');
            return new ProcessInfo(
                processId,
                name,
                fields[0][0],
                int.Parse(fields[2], CultureInfo.InvariantCulture),
                int.Parse(fields[3], CultureInfo.InvariantCulture),
                long.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Exited but not yet reaped by its parent: no longer running anything.</summary>
    public bool IsZombie => State == 'Z';

    /// <summary>True if the process is gone or a zombie.</summary>
    public static bool IsGone(int processId) => Read(processId) is null or { IsZombie: true };

    /// <summary>Every process whose session is <paramref name="sessionId"/> (the children of a setsid'ed launch).</summary>
    public static IReadOnlyList<ProcessInfo> InSession(int sessionId)
    {
        var result = new List<ProcessInfo>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } info && info.SessionId == sessionId)
            {
                result.Add(info);
            }
        }

        return result;
    }

    public string CommandLine
    {
        get
        {
            try
            {
                return File.ReadAllText($"/proc/{ProcessId}/cmdline").Replace('\0', ' ').Trim();
            }
            catch (IOException)
            {
                return Name;
            }
        }
    }
}
