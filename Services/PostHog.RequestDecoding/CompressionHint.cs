namespace PostHog.RequestDecoding;

/// <summary>What the client says the body is compressed with (query, form or Content-Encoding).</summary>
public enum CompressionHint
{
    None,
    Gzip,
    LzString,
    Base64,
}

public static class CompressionHints
{
    /// <summary>Unknown values are ignored, not rejected, as PostHog does.</summary>
    public static CompressionHint Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "gzip" or "gzip-js" => CompressionHint.Gzip,
        "lz64" or "lz-string" => CompressionHint.LzString,
        "base64" or "b64" => CompressionHint.Base64,
        _ => CompressionHint.None,
    };

    /// <summary>First non-empty of query, form, header wins.</summary>
    public static CompressionHint Resolve(string? query, string? form, string? header)
    {
        foreach (var candidate in (ReadOnlySpan<string?>)[query, form, header])
        {
            if (!string.IsNullOrWhiteSpace(candidate)) return Parse(candidate);
        }
        return CompressionHint.None;
    }
}
