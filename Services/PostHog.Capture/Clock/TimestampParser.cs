using System.Globalization;
using System.Text.RegularExpressions;

namespace PostHog.Capture.Clock;

/// <summary>
/// The timestamp forms SDKs send (spec §1.6): RFC 3339/ISO 8601 (also "+03" offsets), date only, space-separated
/// civil time (UTC), RFC 2822, and numeric epoch strings (seconds, or milliseconds when longer than 11 digits).
/// </summary>
public static partial class TimestampParser
{
    private static readonly string[] Rfc2822Formats =
    [
        "ddd, d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm zzz",
        "ddd, d MMM yyyy HH:mm:ss 'GMT'", "ddd, d MMM yyyy HH:mm:ss 'UTC'",
    ];

    private static readonly string[] IsoFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"];

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        if (IsoTimestamp.TryParse(text, out value)) return true;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();

        if (s.All(c => char.IsAsciiDigit(c) || c == '.') && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            var digits = s.IndexOf('.') is var dot and >= 0 ? dot : s.Length;
            var ms = digits > 11 ? epoch : epoch * 1000;
            if (ms > 253402300799999) return false;
            value = DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
            return true;
        }

        // What every SDK sends (ISO with 'Z' or "+hh:mm"), without the regex and general parser below.
        const DateTimeStyles exactStyles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(s, IsoFormats, CultureInfo.InvariantCulture, exactStyles, out value)) return true;

        // "+03" / "-0530" suffixes → "+03:00" / "-05:30", which .NET parses.
        s = ShortOffset().Replace(s, m => $"{m.Groups[1].Value}{m.Groups[2].Value}:{(m.Groups[3].Success ? m.Groups[3].Value : "00")}");

        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, styles, out value)) return true;
        s = s.Replace("GMT", "+00:00", StringComparison.Ordinal).Replace("UT", "+00:00", StringComparison.Ordinal);
        return DateTimeOffset.TryParseExact(s, Rfc2822Formats, CultureInfo.InvariantCulture, styles, out value);
    }

    [GeneratedRegex(@"(?<=T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-])(\d{2})(?::?(\d{2}))?$")]
    private static partial Regex ShortOffset();
}
