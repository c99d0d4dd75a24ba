using System.Globalization;
using System.Text;

namespace PostHog.ServiceDefaults.ClickHouse;

/// <summary>
/// THE place where values become ClickHouse SQL literals. ClickHouse 18.16 has no HTTP query parameters, so every
/// value that comes from a user reaches SQL through one of these functions and never by string concatenation.
/// </summary>
public static class ClickHouseLiteral
{
    /// <summary>A single-quoted string literal; <c>null</c> becomes <c>NULL</c>.</summary>
    /// <remarks>
    /// Backslash and quote are escaped, control characters (NUL included) become <c>\0</c>/<c>\n</c>/…/<c>\xHH</c> so the
    /// statement stays one printable line; other characters pass through and are sent as UTF-8 (a lone UTF-16 surrogate
    /// becomes U+FFFD, as in any UTF-8 encoding of it).
    /// </remarks>
    public static string String(string? value)
    {
        if (value is null)
        {
            return "NULL";
        }

        var literal = new StringBuilder(value.Length + 2);
        AppendQuoted(literal, value, '\'');
        return literal.ToString();
    }

    /// <summary>A back-quoted identifier (column or table name chosen at run time).</summary>
    public static string Identifier(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var literal = new StringBuilder(name.Length + 2);
        AppendQuoted(literal, name, '`');
        return literal.ToString();
    }

    // Negative numbers are parenthesized: "x -" followed by "-5" would otherwise start a "--" comment.
    public static string Int(long value) => value < 0 ? $"({value.ToString(CultureInfo.InvariantCulture)})" : value.ToString(CultureInfo.InvariantCulture);

    public static string UInt(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Float(double value) => value switch
    {
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "(-inf)",
        < 0 => $"({value.ToString("R", CultureInfo.InvariantCulture)})",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>A decimal as an exact string cast, so no digit goes through Float64.</summary>
    public static string Decimal(decimal value, int scale) =>
        $"toDecimal128({String(value.ToString(CultureInfo.InvariantCulture))}, {Int(scale)})";

    public static string Bool(bool value) => value ? "1" : "0";

    /// <summary>A UTC DateTime (second precision: 18.16 has no DateTime64).</summary>
    public static string DateTime(DateTimeOffset value) =>
        $"toDateTime({String(value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))}, 'UTC')";

    public static string Date(DateOnly value) => $"toDate({String(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))})";

    public static string Uuid(Guid value) => $"toUUID({String(value.ToString("D"))})";

    public static string Array(IEnumerable<string?> values) => $"[{string.Join(", ", values.Select(String))}]";

    public static string Array(IEnumerable<long> values) => $"[{string.Join(", ", values.Select(Int))}]";

    private static void AppendQuoted(StringBuilder literal, string value, char quote)
    {
        literal.Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': literal.Append(@"\\"); break;
                case '\0': literal.Append(@"\0"); break;
                case '\b': literal.Append(@"\b"); break;
                case '\f': literal.Append(@"\f"); break;
                case '\n': literal.Append(@"\n"); break;
                case '\r': literal.Append(@"\r"); break;
                case '\t': literal.Append(@"\t"); break;
                case '\'' or '`' when c == quote: literal.Append('\\').Append(c); break;
                case < ' ' or '\x7f': literal.Append(@"\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)); break;
                default: literal.Append(c); break;
            }
        }

        literal.Append(quote);
    }
}
