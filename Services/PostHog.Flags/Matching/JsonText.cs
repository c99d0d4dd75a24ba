using System.Globalization;
using System.Text.Json;

namespace PostHog.Flags.Matching;

/// <summary>The string and number forms PostHog compares property values by.</summary>
internal static class JsonText
{
    /// <summary>Strings as-is, booleans lower-case, anything else its JSON text.</summary>
    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        _ => value.GetRawText(),
    };

    /// <summary>Booleans, "true"/"false" in any case, or arrays made only of those: compared by truthiness in exact/is_not.</summary>
    public static bool IsTruthyOrFalsy(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                return true;
            case JsonValueKind.String:
                var text = value.GetString();
                return string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                    if (!IsTruthyOrFalsy(item)) return false;
                return true;
            default:
                return false;
        }
    }

    /// <summary>true, "true" (any case), or an array whose items are all truthy; everything else is falsy.</summary>
    public static bool IsTruthy(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.String:
                return string.Equals(value.GetString(), "true", StringComparison.OrdinalIgnoreCase);
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                    if (!IsTruthy(item)) return false;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Substring test with ASCII-only case folding, as the Rust service lower-cases (to_ascii_lowercase).</summary>
    public static bool ContainsAsciiIgnoreCase(string haystack, string needle)
    {
        if (needle.Length == 0) return true;
        for (var start = 0; start + needle.Length <= haystack.Length; start++)
        {
            var i = 0;
            while (i < needle.Length && Ascii(haystack[start + i]) == Ascii(needle[i])) i++;
            if (i == needle.Length) return true;
        }
        return false;

        static char Ascii(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
    }

    /// <summary>Numbers, and strings that parse as numbers; nothing else.</summary>
    public static bool TryNumber(JsonElement value, out double number)
    {
        number = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
                                    && double.IsFinite(number),
            _ => false,
        };
    }
}
