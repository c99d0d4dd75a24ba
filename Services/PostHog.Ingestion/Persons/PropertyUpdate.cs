using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Persons;

/// <summary>
/// An event's <c>$set</c>, <c>$set_once</c> and <c>$unset</c>, applied PostHog's way: set_once only fills missing keys,
/// set overwrites when the value differs, unset removes (a list of keys, or an object whose keys are used).
/// Persons and groups share it.
/// </summary>
public sealed class PropertyUpdate
{
    private PropertyUpdate(JsonObject set, JsonObject setOnce, IReadOnlyList<string> unset)
    {
        Set = set;
        SetOnce = setOnce;
        Unset = unset;
    }

    public JsonObject Set { get; }
    public JsonObject SetOnce { get; }
    public IReadOnlyList<string> Unset { get; }

    public bool IsEmpty => Set.Count == 0 && SetOnce.Count == 0 && Unset.Count == 0;

    public static PropertyUpdate FromEventProperties(JsonObject properties) => new(
        properties["$set"] as JsonObject ?? [],
        properties["$set_once"] as JsonObject ?? [],
        properties["$unset"] switch
        {
            JsonArray keys => keys.Select(k => k is JsonValue v && v.TryGetValue<string>(out var key) ? key : null).OfType<string>().ToArray(),
            JsonObject keys => keys.Select(pair => pair.Key).ToArray(),
            _ => [],
        });

    public static PropertyUpdate SetOnly(JsonObject set) => new(set, [], []);

    /// <summary>Whether <see cref="ApplyTo"/> would change properties that look like <paramref name="current"/> (same rules, nothing parsed or copied).</summary>
    public bool Changes(IReadOnlyDictionary<string, JsonElement> current)
    {
        foreach (var (key, _) in SetOnce)
        {
            if (!current.ContainsKey(key))
            {
                return true;
            }
        }

        foreach (var (key, value) in Set)
        {
            if (!current.TryGetValue(key, out var existing) || !SameValue(existing, value))
            {
                return true;
            }
        }

        foreach (var key in Unset)
        {
            if (current.ContainsKey(key))
            {
                return true;
            }
        }

        return false;
    }

    // JsonNode.DeepEquals's answer, without building a node when the event's value is still the parsed element.
    private static bool SameValue(JsonElement existing, JsonNode? value) =>
        value is JsonValue element && element.TryGetValue<JsonElement>(out var parsed)
            ? JsonElement.DeepEquals(existing, parsed)
            : JsonNode.DeepEquals(JsonSerializer.SerializeToNode(existing), value);

    /// <summary>Applies the update in place; returns the keys whose value changed (empty when nothing did).</summary>
    public IReadOnlyList<string> ApplyTo(JsonObject target)
    {
        var changed = new List<string>();
        foreach (var (key, value) in SetOnce)
        {
            if (!target.ContainsKey(key))
            {
                target[key] = value?.DeepClone();
                changed.Add(key);
            }
        }

        foreach (var (key, value) in Set)
        {
            if (!target.TryGetPropertyValue(key, out var existing) || !JsonNode.DeepEquals(existing, value))
            {
                target[key] = value?.DeepClone();
                if (!changed.Contains(key))
                {
                    changed.Add(key);
                }
            }
        }

        foreach (var key in Unset)
        {
            if (target.Remove(key))
            {
                changed.Add(key);
            }
        }

        return changed;
    }
}
