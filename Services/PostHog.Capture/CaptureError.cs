using PostHog.RequestDecoding;

namespace PostHog.Capture;

/// <summary>A rejected request: HTTP status, PostHog's machine code and a message, answered as <c>{status, code, error}</c>.</summary>
public sealed record CaptureError(string Code, int Status, string Message)
{
    public static CaptureError RequestParsing(string message) => new("request_parsing_error", 400, message);
    public static CaptureError EmptyBatch() => new("empty_batch", 400, "batch contains no events");
    public static CaptureError MissingEventName() => new("missing_event_name", 400, "event name is missing or empty");
    public static CaptureError MissingDistinctId() => new("missing_distinct_id", 400, "distinct_id is missing or empty");
    public static CaptureError InvalidCookielessMode() => new("invalid_cookieless_mode", 400, "$cookieless_mode must be a boolean");
    public static CaptureError MixedTokens() => new("unroutable_events", 400, "events in one request carry different tokens");
    public static CaptureError MissingToken() => new("ingest_key_required", 401, "API key (token) is missing");
    public static CaptureError InvalidToken(string reason) => new("ingest_key_unknown", 403, $"API key is invalid: {reason}");
    public static CaptureError PayloadTooLarge(string message) => new("payload_too_large", 413, message);
    public static CaptureError ServiceUnavailable(string message) => new("service_unavailable", 503, message);

    /// <summary>A body that could not be read or decoded (empty_payload, request_decoding_error, payload_too_large).</summary>
    public static CaptureError Undecodable(RequestDecodingException e) => new(e.Code, e.Status, e.Message);
}

/// <summary>Carries a <see cref="CaptureError"/> out of any pipeline step to the endpoint, which answers it.</summary>
public sealed class CaptureException(CaptureError error) : Exception(error.Message)
{
    public CaptureError Error { get; } = error;
}
