using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHog.Web.Api;

/// <summary>
/// The request body as a JSON object, read once per request: JSON as is, form and multipart fields as strings
/// (DRF accepts all three; the field readers coerce "true"/"5"/JSON text as DRF's fields do).
/// </summary>
public static class ApiBody
{
    private const string ItemKey = "posthog.api.body";

    public static async Task<JsonObject> ReadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is JsonObject body) return body;
        body = await ParseAsync(context.Request);
        context.Items[ItemKey] = body;
        return body;
    }

    /// <summary>The body if it parses, else empty: for finding a <c>personal_api_key</c> before the body is judged.</summary>
    public static async Task<JsonObject?> TryReadAsync(HttpContext context)
    {
        try
        {
            return await ReadAsync(context);
        }
        catch (ApiError)
        {
            return null;
        }
    }

    private static async Task<JsonObject> ParseAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var fields = new JsonObject();
            foreach (var (name, value) in form) fields[name] = value.ToString();
            return fields;
        }

        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        if (string.IsNullOrWhiteSpace(text)) return [];
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not null && mediaType.Length > 0 && !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase) && mediaType != "text/plain")
        {
            throw ApiError.UnsupportedMediaType(request.ContentType);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException exception)
        {
            throw ApiError.ParseError($"JSON parse error - {exception.Message}");
        }

        return node as JsonObject ?? throw ApiError.Validation(
            $"Invalid data. Expected a dictionary, but got {JsonKinds.Name(node)}.", "non_field_errors", "invalid");
    }
}

internal static class JsonKinds
{
    public static string Name(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Array => "list",
        JsonValueKind.String => "str",
        JsonValueKind.Number => "int",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "dict",
    };
}
