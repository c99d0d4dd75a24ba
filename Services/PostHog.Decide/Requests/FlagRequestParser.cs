using System.Globalization;
using System.Text.Json;

namespace PostHog.Decide.Requests;

/// <summary>Decoded JSON → <see cref="FlagRequest"/>: aliases, distinct ids as string or number (≤ 200 chars), lenient JSON.</summary>
public static class FlagRequestParser
{
    private const int MaxDistinctIdLength = 200;

    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    public static FlagRequest Parse(ReadOnlyMemory<byte> json)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json, Lenient).RootElement; // elements are kept by the request, so the document lives as long
        }
        catch (JsonException e)
        {
            throw new DecideException(DecideError.Malformed($"invalid JSON: {e.Message}"));
        }
        if (root.ValueKind != JsonValueKind.Object) throw new DecideException(DecideError.Malformed("the body must be a JSON object"));

        return new FlagRequest
        {
            Token = String(root, "token", "$token", "api_key"),
            DistinctId = DistinctId(root, "distinct_id", "$distinct_id"),
            AnonDistinctId = DistinctId(root, "$anon_distinct_id"),
            DeviceId = DistinctId(root, "$device_id", "device_id"),
            Groups = Groups(Property(root, "groups", "$groups")),
            PersonProperties = Object(Property(root, "person_properties", "$properties")),
            GroupProperties = GroupProperties(Property(root, "group_properties", "$group_properties")),
            FlagKeys = Keys(Property(root, "flag_keys_to_evaluate", "flag_keys")),
            DisableFlags = Property(root, "disable_flags") is { ValueKind: JsonValueKind.True },
            EvaluationRuntime = String(root, "evaluation_runtime"),
        };
    }

    private static JsonElement? Property(JsonElement root, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
            if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null) return value;
        return null;
    }

    private static string? String(JsonElement root, params ReadOnlySpan<string> names) =>
        Property(root, names) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string? DistinctId(JsonElement root, params ReadOnlySpan<string> names)
    {
        var text = Property(root, names) switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
            null => null,
            var other => throw new DecideException(DecideError.Malformed($"{names[0]} must be a string or a number, not {other.Value.ValueKind}")),
        };
        return text is { Length: > MaxDistinctIdLength } ? text[..MaxDistinctIdLength] : text;
    }

    private static Dictionary<string, string> Groups(JsonElement? element)
    {
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element is not { ValueKind: JsonValueKind.Object } value) return groups;
        foreach (var group in value.EnumerateObject())
        {
            var key = group.Value.ValueKind switch
            {
                JsonValueKind.String => group.Value.GetString(),
                JsonValueKind.Number => group.Value.GetRawText(),
                _ => null,
            };
            if (key is not null) groups[group.Name] = key;
        }
        return groups;
    }

    private static Dictionary<string, JsonElement> Object(JsonElement? element)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (element is not { ValueKind: JsonValueKind.Object } value) return result;
        foreach (var property in value.EnumerateObject()) result[property.Name] = property.Value;
        return result;
    }

    private static Dictionary<string, Dictionary<string, JsonElement>> GroupProperties(JsonElement? element)
    {
        var result = new Dictionary<string, Dictionary<string, JsonElement>>(StringComparer.Ordinal);
        if (element is not { ValueKind: JsonValueKind.Object } value) return result;
        foreach (var group in value.EnumerateObject()) result[group.Name] = Object(group.Value);
        return result;
    }

    private static List<string>? Keys(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Array } value) return null;
        var keys = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
            if (item.ValueKind == JsonValueKind.String) keys.Add(item.GetString()!);
        return keys;
    }

    /// <summary>The response version from the <c>v</c> query parameter; absent or unparseable = null.</summary>
    public static int? Version(string? v) =>
        int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
        : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var fractional) ? (int)fractional : null;
}
