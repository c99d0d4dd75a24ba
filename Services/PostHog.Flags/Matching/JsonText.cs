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
