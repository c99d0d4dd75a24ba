using System.Text.Json.Nodes;
using Google.Protobuf;

namespace PostHog.Dashboard.Otlp;

/// <summary>
/// OTLP/JSON differs from the protobuf JSON mapping in one way that matters: trace and span ids are hex, not
/// base64. Rewrites them, then parses with the protobuf JSON parser (which accepts the lowerCamelCase names and
/// integer enums OTLP/JSON uses).
/// </summary>
internal static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static TRequest Parse<TRequest>(MessageParser<TRequest> parser, byte[] body)
        where TRequest : IMessage<TRequest>, new()
    {
        _ = parser;
        var node = JsonNode.Parse(body) ?? throw new FormatException("empty OTLP/JSON body");
        RewriteIds(node);
        return Parser.Parse<TRequest>(node.ToJsonString());
    }

    private static void RewriteIds(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key is "traceId" or "spanId" or "parentSpanId" && value is JsonValue v && v.TryGetValue<string>(out var hex) && hex.Length > 0)
                    {
                        obj[key] = Convert.ToBase64String(Convert.FromHexString(hex));
                    }
                    else if (value is not null)
                    {
                        RewriteIds(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RewriteIds(item);
                    }
                }

                break;
        }
    }
}
