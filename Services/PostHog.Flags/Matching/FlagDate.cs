using System.Globalization;
using System.Text.Json;

namespace PostHog.Flags.Matching;

/// <summary>A date in a filter or property: absolute (ISO, epoch seconds) or relative to now ("-7d", "3m": h/d/w/m/y, N &lt; 10000).</summary>
internal readonly record struct FlagDate(DateTimeOffset? Absolute, int Amount, char Unit)
{
    public DateTimeOffset Resolve(DateTimeOffset now) => Absolute ?? Unit switch
    {
        'h' => now.AddHours(-Amount),
        'd' => now.AddDays(-Amount),
        'w' => now.AddDays(-7 * Amount),
        'm' => now.AddMonths(-Amount),
        _ => now.AddYears(-Amount),
    };

    public static bool TryParse(JsonElement value, out FlagDate date)
    {
        date = default;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                // A numeric string is an epoch timestamp, like a number.
                var text = value.GetString();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch) && double.IsFinite(epoch))
                    return TryEpoch(epoch, out date);
                return TryParse(text, out date);
            case JsonValueKind.Number when value.TryGetDouble(out var seconds):
                return TryEpoch(seconds, out date);
            default:
                return false;
        }
    }

    private static bool TryEpoch(double seconds, out FlagDate date)
    {
        date = default;
        if (!double.IsFinite(seconds) || Math.Abs(seconds) >= 253402300799) return false;
        date = new FlagDate(DateTimeOffset.UnixEpoch.AddMilliseconds(seconds * 1000), 0, '\0');
        return true;
    }

    public static bool TryParse(string? text, out FlagDate date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (TryParseRelative(text.AsSpan().Trim(), out date)) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var absolute))
        {
            date = new FlagDate(absolute, 0, '\0');
            return true;
        }
        return false;
    }

    private static bool TryParseRelative(ReadOnlySpan<char> text, out FlagDate date)
    {
        date = default;
        if (text.Length > 0 && text[0] == '-') text = text[1..];
        if (text.Length < 2) return false;
        var unit = text[^1];
        if (unit is not ('h' or 'd' or 'w' or 'm' or 'y')) return false;
        var digits = text[..^1];
        if (digits.Length > 5 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount >= 10000)
            return false;
        date = new FlagDate(null, amount, unit);
        return true;
    }
}
