using System.Security.Cryptography;

namespace PostHog.Dashboard.Access;

/// <summary>
/// The browser login token, generated once and kept in the state folder: unlike Aspire's per-run token, a login
/// link (and the cookie it set) stays valid across AppHost restarts until the state folder is deleted.
/// </summary>
internal static class BrowserTokenFile
{
    public const string FileName = "browser-token";

    public static string LoadOrCreate(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: >= 16 } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(stateDirectory);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(path, token);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return token;
    }
}
