using System.Text;
using PostHog.RequestDecoding;

namespace PostHog.Capture.Tests;

/// <summary>Every malformed request is a documented 4xx with PostHog's code, never an unhandled exception.</summary>
public class BadInputTests
{
    private const string Event = """{"event":"e1","distinct_id":"d1","properties":{"token":"phc_a"}}""";

    [Fact]
    public void Truncated_gzip()
    {
        var gz = SampleBodies.Gzip(SampleBodies.JsBatch(3));
        var error = Pipeline.Reject(new EncodedRequest(gz.AsMemory(0, gz.Length / 2), "text/plain"));
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void Corrupt_gzip_after_valid_magic()
    {
        byte[] body = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37];
        Assert.Equal("request_decoding_error", Pipeline.Reject(new EncodedRequest(body)).Code);
    }

    [Fact]
    public void Gzip_hint_on_a_body_that_is_not_gzip() =>
        Assert.Equal("request_decoding_error", Pipeline.Reject(new EncodedRequest(Encoding.UTF8.GetBytes(Event), ContentEncoding: "gzip")).Code);

    [Fact]
    public void Bad_base64_with_base64_hint() =>
        Assert.Equal("request_decoding_error", Pipeline.Reject(new EncodedRequest(Encoding.ASCII.GetBytes("data=%%%%not-base64!!&compression=base64"), "application/x-www-form-urlencoded")).Code);

    [Fact]
    public void Bad_lz64() =>
        Assert.Equal("request_decoding_error", Pipeline.Reject(new EncodedRequest(Encoding.ASCII.GetBytes("!!!!"), QueryCompression: "lz64")).Code);

    [Fact]
    public void Form_content_type_without_form_body() =>
        Assert.Equal("request_decoding_error", Pipeline.Reject(new EncodedRequest(Encoding.UTF8.GetBytes(Event), "application/x-www-form-urlencoded")).Code);

    [Fact]
    public void Invalid_utf8() =>
        Assert.Equal("request_decoding_error", Pipeline.Reject(new EncodedRequest(new byte[] { (byte)'{', 0xff, 0xfe, (byte)'}' })).Code);

    [Theory]
    [InlineData("{\"event\":")]
    [InlineData("not json")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("[1,2]")]
    public void Invalid_json_or_wrong_root(string body) =>
        Assert.Equal("request_parsing_error", Pipeline.Reject(Pipeline.Json(body)).Code);

    [Theory]
    [InlineData("""{"event":42,"distinct_id":"d","token":"phc_a"}""")]
    [InlineData("""{"event":"e","distinct_id":"d","token":"phc_a","properties":[1]}""")]
    [InlineData("""{"event":"e","distinct_id":"d","token":"phc_a","uuid":"not-a-uuid"}""")]
    [InlineData("""{"event":"e","distinct_id":"d","token":"phc_a","uuid":7}""")]
    [InlineData("""{"event":"e","distinct_id":"d","token":"phc_a","offset":"soon"}""")]
    [InlineData("""{"event":"e","distinct_id":"d","token":"phc_a","timestamp":1700000000}""")]
    [InlineData("""{"api_key":"phc_a","batch":{"event":"e"}}""")]
    public void Wrong_types(string body) =>
        Assert.Equal("request_parsing_error", Pipeline.Reject(Pipeline.Json(body)).Code);

    [Theory]
    [InlineData("""{"api_key":"phc_a","batch":[]}""")]
    [InlineData("[]")]
    public void Empty_batch(string body) => Assert.Equal("empty_batch", Pipeline.Reject(Pipeline.Json(body)).Code);

    [Fact]
    public void Empty_body() => Assert.Equal("empty_payload", Pipeline.Reject(new EncodedRequest(default)).Code);

    [Fact]
    public void Oversized_plain_body() =>
        Assert.Equal(413, Pipeline.Reject(Pipeline.Json(SampleBodies.JsBatch(20)), limit: 10_000).Status);

    [Fact]
    public void Oversized_after_decompression() =>
        Assert.Equal("payload_too_large", Pipeline.Reject(new EncodedRequest(SampleBodies.Gzip(SampleBodies.JsBatch(20))), limit: 10_000).Code);

    [Fact]
    public void Zip_bomb_is_stopped_by_the_expansion_ratio()
    {
        // 8 MB of spaces inside a JSON string gzips to a few KB: far over 100x.
        var bomb = SampleBodies.Gzip("{\"event\":\"" + new string(' ', 8 * 1024 * 1024) + "\"}");
        Assert.True(bomb.Length < 20_000);
        var error = Pipeline.Reject(new EncodedRequest(bomb), limit: 20 * 1024 * 1024);
        Assert.Equal("payload_too_large", error.Code);
        Assert.Contains("expands", error.Message);
    }

    [Fact]
    public void Missing_token() =>
        Assert.Equal(401, Pipeline.Reject(Pipeline.Json("""{"event":"e","distinct_id":"d"}""")).Status);

    [Theory]
    [InlineData("phx_personal", "personal_api_key")]
    [InlineData("phc_ünïcode", "not_ascii")]
    public void Invalid_token_shapes(string token, string reason)
    {
        var error = Pipeline.Reject(Pipeline.Json($$"""{"event":"e","distinct_id":"d","token":"{{token}}"}"""));
        Assert.Equal(("ingest_key_unknown", 403), (error.Code, error.Status));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Token_longer_than_64() =>
        Assert.Equal(403, Pipeline.Reject(Pipeline.Json($$"""{"event":"e","distinct_id":"d","token":"{{new string('a', 65)}}"}""")).Status);

    [Fact]
    public void Token_that_is_not_a_string() =>
        Assert.Equal(403, Pipeline.Reject(Pipeline.Json("""{"api_key":5,"batch":[{"event":"e","distinct_id":"d"}]}""")).Status);

    [Fact]
    public void Mixed_tokens_in_an_array() =>
        Assert.Equal("unroutable_events", Pipeline.Reject(Pipeline.Json("""[{"event":"e","distinct_id":"d","token":"phc_a"},{"event":"e","distinct_id":"d","token":"phc_b"}]""")).Code);

    [Theory]
    [InlineData("""{"event":"e","token":"phc_a"}""")]
    [InlineData("""{"event":"e","token":"phc_a","distinct_id":null}""")]
    [InlineData("""{"event":"e","token":"phc_a","distinct_id":""}""")]
    public void Missing_distinct_id(string body) => Assert.Equal("missing_distinct_id", Pipeline.Reject(Pipeline.Json(body)).Code);

    [Theory]
    [InlineData("""{"token":"phc_a","distinct_id":"d"}""")]
    [InlineData("""{"event":"","token":"phc_a","distinct_id":"d"}""")]
    public void Missing_event_name(string body) => Assert.Equal("missing_event_name", Pipeline.Reject(Pipeline.Json(body)).Code);

    [Fact]
    public void Cookieless_mode_must_be_boolean() =>
        Assert.Equal("invalid_cookieless_mode", Pipeline.Reject(Pipeline.Json("""{"event":"e","token":"phc_a","distinct_id":"d","properties":{"$cookieless_mode":"yes"}}""")).Code);

    [Fact]
    public void Random_bytes_never_escape_as_an_exception()
    {
        var random = new Random(42);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            if (i % 3 == 0) { bytes[0] = 0x1f; if (bytes.Length > 2) { bytes[1] = 0x8b; bytes[2] = 0x08; } }
            var (batch, error, payload) = Pipeline.Run(new EncodedRequest(bytes, QueryCompression: (i % 4) switch { 0 => "lz64", 1 => "base64", 2 => "gzip", _ => null }));
            payload?.Dispose();
            Assert.True(batch is not null || error is { Status: >= 400 and < 500 });
        }
    }
}
