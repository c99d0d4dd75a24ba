using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PostHog.Web.Tests.Integration;

/// <summary>Raw HTTP calls with exactly the JSON text a script would send, and the status + parsed body back.</summary>
internal static class ApiCalls
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(this HttpClient client, string method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, contentType);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length > 0 && !(response.Content.Headers.ContentType?.MediaType ?? "").Contains("json", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} non-JSON body: {text}");
        }

        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static async Task<JsonNode> OkAsync(this HttpClient client, string method, string path, string? json = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, body) = await client.SendAsync(method, path, json);
        Assert.True(status == expected, $"{method} {path}: expected {(int)expected}, got {(int)status}: {body?.ToJsonString()}");
        return body!;
    }

    public static string Error(string type, string code, string detail, string? attr = null) =>
        new JsonObject { ["type"] = type, ["code"] = code, ["detail"] = detail, ["attr"] = attr }.ToJsonString();
}
