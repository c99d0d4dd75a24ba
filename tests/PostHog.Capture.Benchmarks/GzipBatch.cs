using System.IO.Compression;
using System.Text;

namespace PostHog.Capture.Benchmarks;

/// <summary>A posthog-js-like capture body: 50 $pageview events in the capture-body envelope, gzip as text/plain.</summary>
public static class GzipBatch
{
    /// <summary>One browser's batch: every event carries <paramref name="distinctId"/> as distinct_id and $device_id.</summary>
    public static byte[] Create(int events, string distinctId = "01a20a04-6309-7b27-9e8a-a785b794754c")
    {
        var items = Enumerable.Range(0, events).Select(i => PageviewTemplate
            .Replace("{uuid}", Guid.CreateVersion7().ToString())
            .Replace("{distinct}", distinctId)
            .Replace("{insert}", $"insert{i:D8}")
            .Replace("{ts}", DateTimeOffset.UtcNow.AddMilliseconds(-50 * (events - i)).ToString("yyyy-MM-ddTHH:mm:ss.fffZ")));
        var json = $$"""{"api_key":"phc_testtoken123","batch":[{{string.Join(",", items)}}],"sent_at":"{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""";
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(json));
        return output.ToArray();
    }

    // The $pageview recorded from posthog-js 1.449.2 in shared/spec/sdk-wire.md, with per-event fields templated.
    private const string PageviewTemplate = """
        {"uuid":"{uuid}","event":"$pageview","properties":{"$os":"Linux","$browser":"Chrome","$device_type":"Desktop","$timezone":"UTC","$timezone_offset":0,"$current_url":"http://127.0.0.1:8801/pages/index.html?uaf=1","$host":"127.0.0.1:8801","$pathname":"/pages/index.html","$raw_user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36","$browser_version":156,"$browser_language":"en-US","$browser_language_prefix":"en","$screen_height":720,"$screen_width":1280,"$viewport_height":720,"$viewport_width":1280,"$lib":"web","$lib_version":"1.449.2","$insert_id":"{insert}","$time":1795464389.457,"$sdk_dist_channel":"cdn","$initialization_time":"2026-11-23T20:06:29.369Z","$configured_session_timeout_ms":1800000,"distinct_id":"{distinct}","$device_id":"{distinct}","$sdk_debug_extensions_init_method":"synchronous","$sdk_debug_extensions_init_time_ms":5,"$referrer":"$direct","$referring_domain":"$direct","title":"PH test page","token":"phc_testtoken123","$config_defaults":"unset","$session_id":"01a20a04-6353-7f4c-afbb-f29dfd238844","$window_id":"01a20a04-6354-74ce-8ab5-96d4922d3329","$session_entry_referrer":"$direct","$session_entry_referring_domain":"$direct","$session_entry_url":"http://127.0.0.1:8801/pages/index.html?uaf=1","$session_entry_host":"127.0.0.1:8801","$session_entry_pathname":"/pages/index.html","$recording_status":"disabled","$sdk_debug_retry_queue_size":0,"$lib_custom_api_host":"http://127.0.0.1:8802","$pageview_id":"{uuid}","$browser_type":"bot","$is_identified":false,"$process_person_profile":false,"$lib_rate_limit_remaining_tokens":99},"timestamp":"{ts}"}
        """;
}
