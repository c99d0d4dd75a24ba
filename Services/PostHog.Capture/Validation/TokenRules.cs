namespace PostHog.Capture.Validation;

/// <summary>Project token shape checks done at the edge (capture-rs token.rs); unknown tokens are dropped later by ingestion.</summary>
public static class TokenRules
{
    public static string Validate(string? raw)
    {
        var token = raw?.Trim();
        if (string.IsNullOrEmpty(token)) throw new CaptureException(CaptureError.MissingToken());
        if (token.Length > 64) throw new CaptureException(CaptureError.InvalidToken("too_long"));
        if (!System.Text.Ascii.IsValid(token)) throw new CaptureException(CaptureError.InvalidToken("not_ascii"));
        if (token.Contains('\0')) throw new CaptureException(CaptureError.InvalidToken("contains_null"));
        if (token.StartsWith("phx_", StringComparison.Ordinal)) throw new CaptureException(CaptureError.InvalidToken("personal_api_key"));
        return token;
    }
}
