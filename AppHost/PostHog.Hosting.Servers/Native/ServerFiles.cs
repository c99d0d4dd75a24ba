using System.Diagnostics;
using PostHog.Hosting.Processes;

namespace PostHog.Hosting.Servers.Native;

/// <summary>Data dirs and config files of natively run servers: created on demand, secrets readable by the owner only.</summary>
public static class ServerFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string EnsureDirectory(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes a file only its owner may read (configs holding passwords).</summary>
    public static void WriteSecret(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    public static void WritePlain(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>A directory only its owner may enter (postgres insists on 0700 for its data dir).</summary>
    public static void RestrictDirectory(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnlyDirectory);
        }
    }

    /// <summary>Hands paths to a system user (postgres refuses to run as root, so its files must be its own).</summary>
    public static void GiveTo(string user, params string[] paths)
    {
        var chown = ExecutableLocator.Find("chown") ?? throw new ResourceStartException("chown not found — run: apt-get install -y coreutils");
        var info = new ProcessStartInfo(chown) { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-R");
        info.ArgumentList.Add($"{user}:{user}");
        foreach (var path in paths)
        {
            info.ArgumentList.Add(path);
        }

        using var process = Process.Start(info) ?? throw new ResourceStartException("chown could not be started");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new ResourceStartException($"chown {user} {string.Join(' ', paths)} failed: {error.Trim()}");
        }
    }

    /// <summary>setpriv arguments that exec <paramref name="command"/> as <paramref name="user"/> without an extra process.</summary>
    public static IEnumerable<string> AsUser(string user, string command)
        => [$"--reuid={user}", $"--regid={user}", "--init-groups", command];
}
