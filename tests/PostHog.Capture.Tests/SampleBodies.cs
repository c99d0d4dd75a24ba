using System.IO.Compression;
using System.Text;

namespace PostHog.Capture.Tests;

/// <summary>Request bodies as real SDKs send them (shared/spec/sdk-wire.md), plus encoders to wrap them.</summary>
public static class SampleBodies
{
    /// <summary>posthog-node 5.70.0 POST /batch/ body (sdk-wire.md §1), gzip with Content-Encoding: gzip.</summary>
    public const string NodeBatch = """
        {"api_key":"phc_testtoken123",
         "batch":[{"event":"test_event",
                   "properties":{"plan":"pro","n":1,"$set":{"email":"a@b.c"},"$set_once":{"first":"x"},
                                 "$groups":{"company":"acme"},
                                 "$lib":"posthog-node","$lib_version":"5.70.0","$is_server":true,"$geoip_disable":true},
                   "timestamp":"2026-11-23T20:03:01.206Z",
                   "uuid":"01a20a01-35d6-7f78-8bda-abd32dbddccb",
                   "distinct_id":"user-1"},
                  {"event":"$create_alias","properties":{"distinct_id":"user-1","alias":"anon-123","$lib":"posthog-node"},
                   "timestamp":"2026-11-23T20:03:01.210Z","uuid":"01a20a01-35d6-7f78-8bda-abd32dbddccc","distinct_id":"user-1"}],
         "sent_at":"2026-11-23T20:03:01.241Z"}
        """;

    /// <summary>posthog-js 1.449.2 $pageview as received (sdk-wire.md §2), sent gzip as text/plain without any header.</summary>
    public const string JsPageview = """
        {"uuid":"01a20a04-631b-72dd-bd85-d816c940cf86","event":"$pageview","properties":{"$os":"Linux","$browser":"Chrome","$device_type":"Desktop","$timezone":"UTC","$timezone_offset":0,"$current_url":"http://127.0.0.1:8801/pages/index.html?uaf=1","$host":"127.0.0.1:8801","$pathname":"/pages/index.html","$raw_user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36","$browser_version":156,"$browser_language":"en-US","$browser_language_prefix":"en","$screen_height":720,"$screen_width":1280,"$viewport_height":720,"$viewport_width":1280,"$lib":"web","$lib_version":"1.449.2","$insert_id":"yc5f3tw52d4agb2i","$time":1795464389.457,"$sdk_dist_channel":"cdn","$initialization_time":"2026-11-23T20:06:29.369Z","$configured_session_timeout_ms":1800000,"distinct_id":"01a20a04-6309-7b27-9e8a-a785b794754c","$device_id":"01a20a04-6309-7b27-9e8a-a785b794754c","$sdk_debug_extensions_init_method":"synchronous","$sdk_debug_extensions_init_time_ms":5,"$referrer":"$direct","$referring_domain":"$direct","title":"PH test page","token":"phc_testtoken123","$config_defaults":"unset","$session_id":"01a20a04-6353-7f4c-afbb-f29dfd238844","$window_id":"01a20a04-6354-74ce-8ab5-96d4922d3329","$session_entry_referrer":"$direct","$session_entry_referring_domain":"$direct","$session_entry_url":"http://127.0.0.1:8801/pages/index.html?uaf=1","$session_entry_host":"127.0.0.1:8801","$session_entry_pathname":"/pages/index.html","$recording_status":"disabled","$sdk_debug_retry_queue_size":0,"$lib_custom_api_host":"http://127.0.0.1:8802","$pageview_id":"01a20a04-631b-72dd-bd85-d816c940cf86","$browser_type":"bot","$is_identified":false,"$process_person_profile":false,"$lib_rate_limit_remaining_tokens":99},"timestamp":"2026-11-23T20:06:29.402Z"}
        """;

    /// <summary>posthog-js's capture-body envelope around the given events.</summary>
    public static string JsEnvelope(params string[] events) =>
        $$"""{"api_key":"phc_testtoken123","batch":[{{string.Join(",", events)}}],"sent_at":"2026-11-23T20:06:29.500Z"}""";

    /// <summary>A posthog-js-like batch of <paramref name="count"/> distinct $pageview events.</summary>
    public static string JsBatch(int count) =>
        JsEnvelope([.. Enumerable.Range(0, count).Select(i => JsPageview.Replace("01a20a04-631b-72dd-bd85-d816c940cf86", Guid.CreateVersion7().ToString())
            .Replace("\"$insert_id\":\"yc5f3tw52d4agb2i\"", $"\"$insert_id\":\"insert{i:D8}\""))]);

    public static byte[] Gzip(string text)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
