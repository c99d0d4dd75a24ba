using System.Globalization;
using System.Text;

namespace PostHog.Hosting.Servers.Redis;

/// <summary>redis.conf for a loopback-only, password-protected server in the foreground.</summary>
public static class RedisConfig
{
    public static string Render(int port, string dataDirectory, string password, RedisPersistence persistence)
    {
        var conf = new StringBuilder();
        conf.AppendLine("# Written by the AppHost on every start (PostHog.Hosting.Servers).");
        conf.AppendLine("bind 127.0.0.1");
        conf.AppendLine("protected-mode yes");
        conf.AppendLine(CultureInfo.InvariantCulture, $"port {port}");
        conf.AppendLine("daemonize no");
        conf.AppendLine("supervised no");
        conf.AppendLine("logfile \"\"");
        conf.AppendLine("databases 16");
        conf.AppendLine(CultureInfo.InvariantCulture, $"dir {Quote(dataDirectory)}");
        conf.AppendLine(CultureInfo.InvariantCulture, $"requirepass {Quote(password)}");
        conf.AppendLine("save \"\"");
        if (persistence == RedisPersistence.AppendOnly)
        {
            conf.AppendLine("appendonly yes");
            conf.AppendLine("appendfsync everysec");
            conf.AppendLine("appenddirname \"appendonlydir\"");
        }
        else
        {
            conf.AppendLine("appendonly no");
        }

        return conf.ToString();
    }

    /// <summary>Redis config strings are double-quoted with backslash escapes.</summary>
    private static string Quote(string value) => $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
