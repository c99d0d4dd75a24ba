using System.Net;
using System.Text;
using PostHog.RequestDecoding;

namespace PostHog.Capture.Tests;

/// <summary>The request bodies recorded from real SDKs in shared/spec/sdk-wire.md decode to the expected events.</summary>
public class SdkWireBodiesTests
{
    [Fact]
    public void Posthog_node_batch_gzip_with_content_encoding()
    {
        var batch = Pipeline.Accept(new EncodedRequest(SampleBodies.Gzip(SampleBodies.NodeBatch), "application/json", ContentEncoding: "gzip"), limit: 20 * 1024 * 1024);
        Assert.Equal("phc_testtoken123", batch.Token);
        Assert.Equal(["test_event", "$create_alias"], batch.Events.Select(e => e.Event));
        Assert.All(batch.Events, e => Assert.Equal("user-1", e.DistinctId));
        Assert.Equal(Guid.Parse("01a20a01-35d6-7f78-8bda-abd32dbddccb"), batch.Events[0].Uuid);
        Assert.Equal("2026-11-23T20:03:01.206Z", batch.Events[0].Timestamp);
    }

    [Fact]
    public void Posthog_node_batch_uncompressed() =>
        Assert.Equal(2, Pipeline.Accept(Pipeline.Json(SampleBodies.NodeBatch)).Events.Count);

    [Fact]
    public void Posthog_js_gzip_js_as_text_plain_without_headers()
    {
        var batch = Pipeline.Accept(new EncodedRequest(SampleBodies.Gzip(SampleBodies.JsEnvelope(SampleBodies.JsPageview)), "text/plain"), engage: false);
        var e = Assert.Single(batch.Events);
        Assert.Equal(("phc_testtoken123", "$pageview", "01a20a04-6309-7b27-9e8a-a785b794754c"), (batch.Token, e.Event, e.DistinctId));
    }

    [Fact]
    public void Posthog_js_send_beacon_base64_form()
    {
        var body = "data=" + WebUtility.UrlEncode(SampleBodies.Base64(SampleBodies.JsEnvelope(SampleBodies.JsPageview, SampleBodies.JsPageview)));
        var batch = Pipeline.Accept(new EncodedRequest(Encoding.ASCII.GetBytes(body), "application/x-www-form-urlencoded", QueryCompression: "base64"));
        Assert.Equal(2, batch.Events.Count);
    }

    [Fact]
    public void Posthog_js_plain_json_fallback() =>
        Assert.Single(Pipeline.Accept(Pipeline.Json(SampleBodies.JsEnvelope(SampleBodies.JsPageview))).Events);

    [Fact]
    public void Legacy_posthog_js_array_with_gzip_js_query() =>
        Assert.Single(Pipeline.Accept(new EncodedRequest(SampleBodies.Gzip("[" + SampleBodies.JsPageview + "]"), "text/plain", QueryCompression: "gzip-js")).Events);

    [Fact]
    public void Fifty_event_posthog_js_batch() =>
        Assert.Equal(50, Pipeline.Accept(new EncodedRequest(SampleBodies.Gzip(SampleBodies.JsBatch(50)), "text/plain")).Events.Count);
}
