using System.Text.Json;

namespace PostHog.Decide.Responses;

/// <summary>
/// The settings posthog-js reads from /array/&lt;token&gt;/config(.js) and from /decide's config fields. Recordings,
/// surveys and heatmaps are off until this platform has them; capture goes to /i/v0/e/ with gzip-js.
/// </summary>
public static class RemoteConfig
{
    public static void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("supportedCompression");
        writer.WriteStringValue("gzip");
        writer.WriteStringValue("gzip-js");
        writer.WriteEndArray();
        writer.WriteBoolean("autocapture_opt_out", false);
        writer.WriteBoolean("capturePerformance", false);
        writer.WriteStartObject("config");
        writer.WriteBoolean("enable_collect_everything", true);
        writer.WriteEndObject();
        writer.WriteStartObject("analytics");
        writer.WriteString("endpoint", "/i/v0/e/");
        writer.WriteEndObject();
        writer.WriteBoolean("elementsChainAsString", true);
        writer.WriteBoolean("autocaptureExceptions", false);
        writer.WriteStartObject("errorTracking");
        writer.WriteBoolean("autocaptureExceptions", false);
        writer.WriteStartArray("suppressionRules");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteBoolean("sessionRecording", false);
        writer.WriteBoolean("surveys", false);
        writer.WriteBoolean("heatmaps", false);
        writer.WriteBoolean("captureDeadClicks", false);
        writer.WriteBoolean("defaultIdentifiedOnly", true);
        writer.WriteBoolean("flagsPersistenceDefault", false);
        writer.WriteStartObject("toolbarParams");
        writer.WriteEndObject();
        writer.WriteBoolean("isAuthenticated", false);
        writer.WriteStartArray("siteApps");
        writer.WriteEndArray();
    }

    /// <summary>The /array/&lt;token&gt;/config body.</summary>
    public static byte[] Json(string token, bool hasFeatureFlags)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("token", token);
            WriteFields(writer);
            writer.WriteBoolean("hasFeatureFlags", hasFeatureFlags);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The /array/&lt;token&gt;/config.js script: registers the config where posthog-js looks for it.</summary>
    public static string Script(string token, bool hasFeatureFlags)
    {
        var config = System.Text.Encoding.UTF8.GetString(Json(token, hasFeatureFlags));
        var key = JsonSerializer.Serialize(token);
        return $"(function() {{\n  window._POSTHOG_REMOTE_CONFIG = window._POSTHOG_REMOTE_CONFIG || {{}};\n  window._POSTHOG_REMOTE_CONFIG[{key}] = {{\n    config: {config},\n    siteApps: []\n  }}\n}})();\n";
    }
}
