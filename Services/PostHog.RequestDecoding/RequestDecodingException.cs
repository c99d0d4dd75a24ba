namespace PostHog.RequestDecoding;

/// <summary>
/// A body that cannot be read or decoded, with PostHog capture's machine code and HTTP status; each service turns it
/// into its own error answer.
/// </summary>
public sealed class RequestDecodingException(string code, int status, string message) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;

    public static RequestDecodingException Empty() => new("empty_payload", 400, "request body is empty");

    public static RequestDecodingException Invalid(string message) => new("request_decoding_error", 400, message);

    public static RequestDecodingException TooLarge(string message) => new("payload_too_large", 413, message);
}
