namespace PostHog.RequestDecoding;

/// <summary>
/// Decompression limits, bound by each service from its own configuration section (<c>Capture</c>, <c>Decide</c>);
/// body size limits are per route and passed to each call.
/// </summary>
public sealed class DecodingOptions
{
    /// <summary>Decompressed output may exceed this many times the compressed input only while under <see cref="ExpansionFloorBytes"/>.</summary>
    public int MaxExpansionRatio { get; set; } = 100;

    /// <summary>Small payloads are never rejected for their ratio; repetitive JSON compresses very well.</summary>
    public int ExpansionFloorBytes { get; set; } = 1024 * 1024;
}
