using System.Text;
using System.Text.Json;

namespace PostHog.Capture.Validation;

/// <summary>distinct_id normalisation (spec §1.5): any JSON type, stringified, NUL-free, at most 200 characters.</summary>
public static class DistinctIdRules
{
    public const int MaxLength = 200;

    /// <summary>Null when the event has no usable distinct id.</summary>
    /// <param name="propertiesDistinctId"><c>properties.distinct_id</c> (Undefined when absent), the last resort.</param>
    public static string? Extract(JsonElement evt, JsonElement propertiesDistinctId)
    {
        JsonElement? value = Present(evt, "distinct_id") ?? Present(evt, "$distinct_id");
        if (value is null && propertiesDistinctId.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null)) value = propertiesDistinctId;
        return value is { } v ? Normalize(v) : null;
    }

    public static string? Normalize(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : JsonSerializer.Serialize(value);
        if (text.Contains('\0')) text = text.Replace('\0', '\uFFFD');
        if (text.Length == 0) return null;
        return text.Length <= MaxLength ? text : Truncate(text);
    }

    /// <summary>Counts Unicode scalar values, as Rust's chars().take(200) does, so a surrogate pair is never split.</summary>
    private static string Truncate(string text)
    {
        var builder = new StringBuilder(MaxLength + 8);
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count++ == MaxLength) break;
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    private static JsonElement? Present(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
}
