using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Persons;

/// <summary>
/// PostHog's <c>personInitialAndUTMProperties</c>: device and campaign properties of an event are <c>$set</c> on the
/// person, and their first-seen values kept as <c>$initial_*</c> through <c>$set_once</c>; what the event sets explicitly wins.
/// </summary>
public static class PersonInitialProperties
{
    private static readonly string[] EventToPerson =
    [
        "$app_build", "$app_name", "$app_namespace", "$app_version",
        "$browser", "$browser_version", "$device_type", "$current_url", "$pathname", "$os", "$os_name", "$os_version",
        "$referring_domain", "$referrer", "$screen_height", "$screen_width", "$viewport_height", "$viewport_width", "$raw_user_agent",
    ];

    private static readonly string[] Campaign =
    [
        "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_name", "utm_term", "gclid", "gad_source", "gclsrc",
        "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "twclid", "li_fat_id", "mc_cid", "igshid", "ttclid", "rdt_cid",
    ];

    // Each key with its $initial_ name, made once rather than per event.
    private static readonly (string Key, string Initial)[] Keys =
        [.. EventToPerson.Concat(Campaign).Select(key => (key, "$initial_" + key.TrimStart('$')))];

    /// <summary>Adds the derived keys to the event's <c>$set</c>/<c>$set_once</c> (creating them when needed).</summary>
    public static void AddTo(JsonObject properties)
    {
        JsonObject? set = null, setOnce = null;
        foreach (var (key, initial) in Keys)
        {
            if (!properties.TryGetPropertyValue(key, out var value))
            {
                continue;
            }

            set ??= Object(properties, "$set");
            setOnce ??= Object(properties, "$set_once");
            if (!set.ContainsKey(key))
            {
                set.Add(key, value?.DeepClone());
            }

            if (!setOnce.ContainsKey(initial))
            {
                setOnce.Add(initial, value?.DeepClone());
            }
        }
    }

    private static JsonObject Object(JsonObject properties, string name)
    {
        if (properties[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        properties[name] = created;
        return created;
    }
}
