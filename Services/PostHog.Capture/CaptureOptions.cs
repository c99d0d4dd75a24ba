namespace PostHog.Capture;

/// <summary>
/// Capture limits and producer settings, bound from the <c>Capture</c> configuration section (which also holds the
/// decompression limits of <see cref="PostHog.RequestDecoding.DecodingOptions"/>).
/// </summary>
public sealed class CaptureOptions
{
    public const string Section = "Capture";

    /// <summary>/e, /i/v0/e, /capture, /track, /engage (EVENT_BODY_SIZE).</summary>
    public int EventBodyLimitBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>/batch (BATCH_BODY_SIZE).</summary>
    public int BatchBodyLimitBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>/s (RECORDING_BODY_SIZE).</summary>
    public int RecordingBodyLimitBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Per token:distinct_id events per second before rerouting to overflow.</summary>
    public double PerKeyEventsPerSecond { get; set; } = 100;

    public double PerKeyBurst { get; set; } = 1000;

    /// <summary>
    /// How long librdkafka keeps trying to deliver before capture answers 503. capture-rs uses 20 s, but posthog-node
    /// aborts a request after 10 s: with a dead broker the SDK would time out first, not knowing whether the event was
    /// kept. 7 s answers 503 before that, a clear "retry", and leaves room for the request's own transfer time.
    /// </summary>
    public int KafkaMessageTimeoutMs { get; set; } = 7_000;

    public int KafkaLingerMs { get; set; } = 20;

    /// <summary>Kafka message.max.bytes of the producer; larger envelopes get 413.</summary>
    public int KafkaMessageMaxBytes { get; set; } = 1_000_000;
}
