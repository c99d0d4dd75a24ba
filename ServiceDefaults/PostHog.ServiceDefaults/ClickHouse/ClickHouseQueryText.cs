using System.Text;

namespace PostHog.ServiceDefaults.ClickHouse;

/// <summary>What a statement looks like in traces: literal values replaced by <c>?</c>, plus its leading keyword.</summary>
public static class ClickHouseQueryText
{
    /// <summary>Replaces string and number literals with <c>?</c>; identifiers (quoted or not) and comments stay.</summary>
    public static string WithoutLiterals(string sql)
    {
        var text = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'')
            {
                i = SkipQuoted(sql, i, '\'');
                text.Append('?');
            }
            else if (c is '"' or '`')
            {
                var end = SkipQuoted(sql, i, c);
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (char.IsAsciiDigit(c) && (i == 0 || !IsIdentifierChar(sql[i - 1])))
            {
                i = SkipNumber(sql, i);
                text.Append('?');
            }
            else if (IsIdentifierChar(c))
            {
                var start = i;
                while (i < sql.Length && IsIdentifierChar(sql[i]))
                {
                    i++;
                }

                text.Append(sql, start, i - start);
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return text.ToString();
    }

    /// <summary>The statement's first keyword in upper case (SELECT, INSERT, CREATE, …), for span names.</summary>
    public static string Operation(string sql)
    {
        var trimmed = sql.AsSpan().TrimStart();
        while (trimmed.StartsWith("(", StringComparison.Ordinal))
        {
            trimmed = trimmed[1..].TrimStart();
        }

        var length = 0;
        while (length < trimmed.Length && char.IsAsciiLetter(trimmed[length]))
        {
            length++;
        }

        return length == 0 ? "QUERY" : trimmed[..length].ToString().ToUpperInvariant();
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // Returns the index just past the closing quote; a backslash escapes the next character, a doubled quote is one quote.
    private static int SkipQuoted(string sql, int start, char quote)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    // Decimal, hex (0x1F), fractional and exponent forms (1.5e-3).
    private static int SkipNumber(string sql, int start)
    {
        var i = start;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_')
            {
                i++;
            }
            else if (c is '+' or '-' && sql[i - 1] is 'e' or 'E' && !sql.AsSpan(start, i - start).Contains("x", StringComparison.OrdinalIgnoreCase))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return i;
    }
}
