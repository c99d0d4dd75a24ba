namespace PostHog.RequestDecoding;

/// <summary>The parts of an HTTP request the decoder looks at, so decoding is testable without a server.</summary>
/// <param name="LegacyPath">/e, /capture, /engage, /track: a second base64 pass is allowed there.</param>
public sealed record EncodedRequest(
    ReadOnlyMemory<byte> Body,
    string? ContentType = null,
    string? ContentEncoding = null,
    string? QueryData = null,
    string? QueryCompression = null,
    bool LegacyPath = false);
