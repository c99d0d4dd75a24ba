using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHog.Web.Api;

/// <summary>Reads typed fields from a request body with DRF's coercions and error messages (attr = the field name).</summary>
public static class JsonFields
{
    public static bool Has(JsonObject body, string name) => body.ContainsKey(name);

    /// <summary>DRF BooleanField: true/false, "true"/"false"/"1"/"0" (any case), 1/0.</summary>
    public static bool? Bool(JsonObject body, string name, bool allowNull = false)
    {
        if (!body.TryGetPropertyValue(name, out var node)) return null;
        if (node is null) return allowNull ? null : throw ApiError.Validation("This field may not be null.", name, "null");
        switch (node.GetValueKind())
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String:
                switch (node.GetValue<string>().Trim().ToLowerInvariant())
                {
                    case "true" or "t" or "yes" or "y" or "on" or "1": return true;
                    case "false" or "f" or "no" or "n" or "off" or "0": return false;
                }

                break;
            case JsonValueKind.Number when node.AsValue().TryGetValue<int>(out var number) && number is 0 or 1:
                return number == 1;
        }

        throw ApiError.Validation("Must be a valid boolean.", name, "invalid");
    }

    /// <summary>DRF CharField: strings, numbers stringified; objects and lists rejected.</summary>
    public static string? String(JsonObject body, string name, bool allowNull = false, bool allowBlank = true, int? maxLength = null)
    {
        if (!body.TryGetPropertyValue(name, out var node)) return null;
        if (node is null) return allowNull ? null : throw ApiError.Validation("This field may not be null.", name, "null");
        var value = node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number => node.ToJsonString(),
            _ => throw ApiError.Validation("Not a valid string.", name, "invalid"),
        };
        if (value.Contains('\0')) throw ApiError.Validation("Null characters are not allowed.", name, "null_characters_not_allowed");
        if (!allowBlank && string.IsNullOrWhiteSpace(value)) throw ApiError.Validation("This field may not be blank.", name, "blank");
        if (maxLength is { } max && value.Length > max)
        {
            throw ApiError.Validation($"Ensure this field has no more than {max} characters.", name, "max_length");
        }

        return value;
    }

    /// <summary>DRF IntegerField: integers or integral strings.</summary>
    public static int? Int(JsonObject body, string name, bool allowNull = true)
    {
        if (!body.TryGetPropertyValue(name, out var node)) return null;
        if (node is null) return allowNull ? null : throw ApiError.Validation("This field may not be null.", name, "null");
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var number)) return number;
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<double>(out var real) && real == Math.Floor(real) && Math.Abs(real) < int.MaxValue) return (int)real;
        if (node.GetValueKind() == JsonValueKind.String && int.TryParse(node.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number)) return number;
        throw ApiError.Validation("A valid integer is required.", name, "invalid");
    }

    /// <summary>DRF DictField / JSONField holding an object; form fields may carry it as JSON text.</summary>
    public static JsonObject? Object(JsonObject body, string name, bool allowNull = false)
    {
        if (!body.TryGetPropertyValue(name, out var node)) return null;
        if (node is null) return allowNull ? null : throw ApiError.Validation("This field may not be null.", name, "null");
        if (node is JsonObject value) return (JsonObject)value.DeepClone();
        if (node.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                if (JsonNode.Parse(node.GetValue<string>()) is JsonObject parsed) return parsed;
            }
            catch (JsonException)
            {
                // falls through to the type error below, as DRF reports a non-dict
            }
        }

        throw ApiError.Validation($"Expected a dictionary of items but got type \"{JsonKinds.Name(node)}\".", name, "not_a_dict");
    }

    /// <summary>A list of strings (tags, person ids).</summary>
    public static List<string>? StringList(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is not JsonArray array) throw ApiError.Validation($"Expected a list of items but got type \"{JsonKinds.Name(node)}\".", name, "not_a_list");
        var values = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is null || item.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number)) throw ApiError.Validation("Not a valid string.", name, "invalid");
            values.Add(item.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : item.ToJsonString());
        }

        return values;
    }
}
