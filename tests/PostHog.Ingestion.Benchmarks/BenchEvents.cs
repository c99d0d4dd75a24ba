using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Benchmarks;

/// <summary>posthog-js-like events (about 30 properties, ~1 KB), sent to capture's /batch/ the way posthog-node sends them.</summary>
public sealed class BenchEvents(HttpClient capture, string token)
{
    private int rejected;

    /// <summary>Batches capture did not accept (any non-2xx or network error).</summary>
    public int Rejected => Volatile.Read(ref rejected);

    public static JsonObject Event(string name, string distinctId, long batch) => new()
    {
        ["event"] = name,
        ["distinct_id"] = distinctId,
        ["uuid"] = Guid.CreateVersion7().ToString(),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["properties"] = new JsonObject
        {
            ["b"] = batch,
            ["$os"] = "Linux", ["$browser"] = "Chrome", ["$device_type"] = "Desktop", ["$browser_version"] = 156,
            ["$current_url"] = "https://example.com/pricing?utm_source=newsletter", ["$host"] = "example.com", ["$pathname"] = "/pricing",
            ["$raw_user_agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
            ["$screen_height"] = 720, ["$screen_width"] = 1280, ["$viewport_height"] = 720, ["$viewport_width"] = 1280,
            ["$lib"] = "web", ["$lib_version"] = "1.449.2", ["$insert_id"] = Guid.NewGuid().ToString("N")[..16],
            ["$referrer"] = "$direct", ["$referring_domain"] = "$direct", ["utm_source"] = "newsletter",
            ["$session_id"] = "01a20a04-6353-7f4c-afbb-f29dfd238844", ["$window_id"] = "01a20a04-6354-74ce-8ab5-96d4922d3329",
            ["$pageview_id"] = Guid.CreateVersion7().ToString(), ["title"] = "Pricing", ["plan"] = "pro", ["$is_identified"] = false,
            ["$set"] = new JsonObject { ["last_seen_page"] = "/pricing" },
        },
    };

    public async Task<bool> SendAsync(IReadOnlyList<JsonObject> events, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await capture.PostAsJsonAsync("/batch/", new JsonObject { ["api_key"] = token, ["batch"] = new JsonArray([.. events]) }, cancellationToken);
            if (response.IsSuccessStatusCode) return true;
        }
        catch (HttpRequestException)
        {
        }

        Interlocked.Increment(ref rejected);
        return false;
    }
}
