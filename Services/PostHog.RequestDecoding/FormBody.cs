using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace PostHog.RequestDecoding;

/// <summary>An <c>application/x-www-form-urlencoded</c> capture body: <c>data=…&amp;compression=…</c> (sendBeacon, legacy posthog-js).</summary>
public sealed record FormBody(string? Data, string? Compression)
{
    private static readonly string[] Keys = ["data=", "_=", "ip=", "compression="];

    /// <summary>A form key at the start or after '&amp;' within the first 128 bytes.</summary>
    public static bool LooksLikeForm(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.ASCII.GetString(bytes[..Math.Min(128, bytes.Length)]);
        foreach (var key in Keys)
        {
            var at = head.IndexOf(key, StringComparison.Ordinal);
            while (at >= 0)
            {
                if (at == 0 || head[at - 1] == '&') return true;
                at = head.IndexOf(key, at + 1, StringComparison.Ordinal);
            }
        }
        return false;
    }

    private static bool LooksLikeLooseBase64(string value)
    {
        foreach (var ch in value)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '+' or '/' or '=' or ' ')) return false;
        }
        return true;
    }

    public static FormBody Parse(ReadOnlySpan<byte> bytes)
    {
        var fields = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes));
        string? data = fields.TryGetValue("data", out var d) ? d.ToString() : null;
        string? compression = fields.TryGetValue("compression", out var c) ? c.ToString() : null;
        // Url-decoding turned base64 '+' into spaces; undo that.
        if (data is not null && data.Contains(' ') && LooksLikeLooseBase64(data)) data = data.Replace(' ', '+');
        return new FormBody(data, compression);
    }
}
