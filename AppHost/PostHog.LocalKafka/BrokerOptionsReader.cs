using System.Globalization;

namespace PostHog.LocalKafka;

/// <summary>Reads <see cref="BrokerOptions"/> from configuration, i.e. from <c>--port 9092</c>-style arguments or environment.</summary>
public static class BrokerOptionsReader
{
    public static BrokerOptions Read(IConfiguration configuration)
    {
        var options = new BrokerOptions();
        options.Port = Int(configuration, "port", options.Port);
        options.Host = configuration["host"] ?? options.Host;
        options.AdvertisedHost = configuration["advertised-host"];
        options.DataDir = Path.GetFullPath(configuration["data-dir"] ?? options.DataDir);
        options.Partitions = Int(configuration, "partitions", options.Partitions);
        options.SegmentBytes = Long(configuration, "segment-bytes", options.SegmentBytes);
        options.RetentionBytes = Long(configuration, "retention-bytes", options.RetentionBytes);
        options.RetentionMs = Long(configuration, "retention-ms", options.RetentionMs);
        options.FlushIntervalMs = Int(configuration, "flush-interval-ms", options.FlushIntervalMs);
        options.MaxRequestBytes = Int(configuration, "max-request-bytes", options.MaxRequestBytes);
        options.MinSessionTimeoutMs = Int(configuration, "min-session-timeout-ms", options.MinSessionTimeoutMs);
        options.AutoCreateTopics = !string.Equals(configuration["auto-create-topics"], "false", StringComparison.OrdinalIgnoreCase);
        if (options.Partitions < 1) throw new ArgumentException("--partitions must be at least 1");
        if (options.Port is < 0 or > 65535) throw new ArgumentException("--port must be 0..65535");
        return options;
    }

    private static int Int(IConfiguration configuration, string key, int fallback) =>
        configuration[key] is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static long Long(IConfiguration configuration, string key, long fallback) =>
        configuration[key] is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
