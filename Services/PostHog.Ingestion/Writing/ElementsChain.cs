using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Writing;

/// <summary>
/// The <c>elements_chain</c> text of an autocapture event: <c>$elements_chain</c> as sent, or built from the legacy
/// <c>$elements</c> array in PostHog's format (<c>tag.class1.class2:attr__id="x"href="…"nth-child="1"text="…"</c>, elements joined by <c>;</c>).
/// </summary>
public static class ElementsChain
{
    public static string From(JsonObject properties)
    {
        if (properties["$elements_chain"] is JsonValue chain && chain.GetValueKind() == JsonValueKind.String)
        {
            return chain.GetValue<string>();
        }

        return properties["$elements"] is JsonArray elements ? FromElements(elements) : string.Empty;
    }

    private static string FromElements(JsonArray elements)
    {
        var chain = new StringBuilder();
        foreach (var element in elements.OfType<JsonObject>())
        {
            if (chain.Length > 0)
            {
                chain.Append(';');
            }

            chain.Append(Text(element["tag_name"]));
            var classes = element["attr__class"] switch
            {
                JsonArray list => list.Select(Text),
                JsonValue value => Text(value).Split(' ', StringSplitOptions.RemoveEmptyEntries),
                _ => [],
            };
            foreach (var cls in classes.Order(StringComparer.Ordinal))
            {
                chain.Append('.').Append(cls.Replace("\"", "", StringComparison.Ordinal));
            }

            chain.Append(':');
            var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in new[] { "text", "href", "attr_id", "nth_child", "nth_of_type" })
            {
                if (element[name] is { } value && Text(value) is { Length: > 0 } text)
                {
                    attributes[name.Replace('_', '-')] = text;
                }
            }

            foreach (var (name, value) in element.Where(pair => pair.Key.StartsWith("attr__", StringComparison.Ordinal) && pair.Key != "attr__class"))
            {
                attributes[name] = Text(value);
            }

            foreach (var (name, value) in attributes)
            {
                chain.Append(name == "attr-id" ? "attr_id" : name).Append("=\"").Append(value.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            }
        }

        return chain.ToString();
    }

    private static string Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node?.ToJsonString() ?? string.Empty;
}
