using System.Runtime.InteropServices;
using System.Text.Json;

namespace PostHog.Capture.Validation;

/// <summary>
/// The few <c>properties</c> capture reads, found in one pass: a lookup per name scanned the whole object (a
/// $pageview has about a hundred properties) five times per event, three of them for names that are rarely there.
/// Like <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>, the last of duplicate names wins.
/// Absent names are <see cref="JsonValueKind.Undefined"/>.
/// </summary>
public readonly struct KnownProperties
{
    public JsonElement Token { get; private init; }
    public JsonElement DistinctId { get; private init; }
    public JsonElement IgnoreSentAt { get; private init; }
    public JsonElement CookielessMode { get; private init; }
    public JsonElement CaptureInternal { get; private init; }

    /// <param name="properties">An object, or anything else for none.</param>
    public static KnownProperties Find(JsonElement properties)
    {
        if (properties.ValueKind != JsonValueKind.Object) return default;
        JsonElement token = default, distinctId = default, ignoreSentAt = default, cookieless = default, captureInternal = default;
        foreach (var property in properties.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.Contains((byte)'\\'))
            {
                // Escaped names are rare; let the reader unescape them.
                if (property.NameEquals("token"u8)) token = property.Value;
                else if (property.NameEquals("distinct_id"u8)) distinctId = property.Value;
                else if (property.NameEquals("$ignore_sent_at"u8)) ignoreSentAt = property.Value;
                else if (property.NameEquals("$cookieless_mode"u8)) cookieless = property.Value;
                else if (property.NameEquals("capture_internal"u8)) captureInternal = property.Value;
                continue;
            }
            switch (name.Length)
            {
                case 5 when name.SequenceEqual("token"u8): token = property.Value; break;
                case 11 when name.SequenceEqual("distinct_id"u8): distinctId = property.Value; break;
                case 15 when name.SequenceEqual("$ignore_sent_at"u8): ignoreSentAt = property.Value; break;
                case 16 when name.SequenceEqual("$cookieless_mode"u8): cookieless = property.Value; break;
                case 16 when name.SequenceEqual("capture_internal"u8): captureInternal = property.Value; break;
            }
        }
        return new KnownProperties
        {
            Token = token, DistinctId = distinctId, IgnoreSentAt = ignoreSentAt, CookielessMode = cookieless, CaptureInternal = captureInternal,
        };
    }
}
