using System.Globalization;

namespace PostHog.Hosting.Processes;

/// <summary>Who listens on a TCP port (from /proc/net/tcp{,6} and /proc/*/fd), for the "port in use" message.</summary>
public static class PortOwner
{
    public static string? Describe(int port)
    {
        var inodes = ListeningInodes(port);
        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                    {
                        return $"pid {pid} ({ProcessInfo.Read(pid)?.CommandLine ?? "?"})";
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process went away or is not ours to look at.
            }
        }

        return "another process";
    }

    private static HashSet<string> ListeningInodes(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 9 && parts[3] == "0A" && parts[1].EndsWith(":" + hexPort, StringComparison.Ordinal))
                {
                    inodes.Add(parts[9]);
                }
            }
        }

        return inodes;
    }
}
