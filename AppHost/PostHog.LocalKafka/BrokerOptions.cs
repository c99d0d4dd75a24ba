namespace PostHog.LocalKafka;

/// <summary>Command-line / configuration settings of the broker (keys are the option names without dashes).</summary>
public sealed class BrokerOptions
{
    public const int NodeId = 0;
    public const string ClusterId = "posthog-local-kafka";

    /// <summary>Kafka listener port (<c>--port</c>); 0 picks a free port, which is then advertised.</summary>
    public int Port { get; set; } = 9092;
    /// <summary>Address to listen on (<c>--host</c>), always a loopback address for a dev broker.</summary>
    public string Host { get; set; } = "127.0.0.1";
    /// <summary>Host name put into Metadata/FindCoordinator (<c>--advertised-host</c>); defaults to <see cref="Host"/>.</summary>
    public string? AdvertisedHost { get; set; }
    /// <summary>Where topics, committed offsets and the producer-id counter live (<c>--data-dir</c>).</summary>
    public string DataDir { get; set; } = Path.Combine(Path.GetTempPath(), "posthog-local-kafka");
    /// <summary>Partition count of auto-created topics (<c>--partitions</c>).</summary>
    public int Partitions { get; set; } = 1;
    public bool AutoCreateTopics { get; set; } = true;
    /// <summary>A segment is rolled once it would grow past this (<c>--segment-bytes</c>).</summary>
    public long SegmentBytes { get; set; } = 256L * 1024 * 1024;
    /// <summary>Per-partition size budget (<c>--retention-bytes</c>); 0 = keep everything (the dev default).</summary>
    public long RetentionBytes { get; set; }
    /// <summary>Age limit by batch max timestamp (<c>--retention-ms</c>); 0 = keep everything (the dev default).</summary>
    public long RetentionMs { get; set; }
    /// <summary>How often acks=0/1 data and index files are fsynced in the background (<c>--flush-interval-ms</c>).</summary>
    public int FlushIntervalMs { get; set; } = 1000;
    /// <summary>Largest accepted request frame (<c>--max-request-bytes</c>), Kafka's socket.request.max.bytes.</summary>
    public int MaxRequestBytes { get; set; } = 100 * 1024 * 1024;
    /// <summary>Smallest group session timeout accepted, far below Kafka's 6 s so tests can detect crashes fast.</summary>
    public int MinSessionTimeoutMs { get; set; } = 100;
    public int MaxSessionTimeoutMs { get; set; } = 1_800_000;

    public string AdvertisedHostName => string.IsNullOrEmpty(AdvertisedHost) ? Host : AdvertisedHost;

    /// <summary>The port actually bound (differs from <see cref="Port"/> when that was 0).</summary>
    public int BoundPort { get; set; }
}
