namespace PostHog.Hosting.Processes;

/// <summary>Finds a command on PATH (or checks an explicit path) before launching, so a missing binary is one clear line.</summary>
public static class ExecutableLocator
{
    public static string? Find(string command, string? workingDirectory = null)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.IsPathRooted(command) ? command : Path.GetFullPath(command, workingDirectory ?? Environment.CurrentDirectory);
            return IsExecutable(full) ? full : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, command);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
        => File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
