using System.Net;
using System.Text;
using PostHog.RequestDecoding;

namespace PostHog.Capture.Tests;

public class RequestDecoderTests
{
    private const string Event = """{"event":"e1","distinct_id":"d1","properties":{"token":"phc_a"}}""";

    private static string Decoded(EncodedRequest request) => Encoding.UTF8.GetString(Pipeline.Decoder().Decode(request, 1_000_000).Span);

    [Fact]
    public void Json_body_passes_through() => Assert.Equal(Event, Decoded(Pipeline.Json(Event)));

    [Fact]
    public void Form_body_with_base64_data_and_compression_field()
    {
        var body = "data=" + WebUtility.UrlEncode(SampleBodies.Base64(Event)) + "&compression=base64";
        Assert.Equal(Event, Decoded(new EncodedRequest(Encoding.ASCII.GetBytes(body), "application/x-www-form-urlencoded")));
    }

    [Fact]
    public void Form_body_whose_plus_signs_became_spaces()
    {
        var json = """{"event":"ÿÿÿ>>>","distinct_id":"d","properties":{"token":"phc_a"}}""";
        var b64 = SampleBodies.Base64(json);
        Assert.Contains('+', b64);
        var body = "data=" + b64.Replace('+', ' ');
        Assert.Equal(json, Decoded(new EncodedRequest(Encoding.ASCII.GetBytes(body), "application/x-www-form-urlencoded")));
    }

    [Fact]
    public void Form_body_with_plain_json_data() =>
        Assert.Equal(Event, Decoded(new EncodedRequest(Encoding.ASCII.GetBytes("data=" + WebUtility.UrlEncode(Event)), "application/x-www-form-urlencoded")));

    [Fact]
    public void Form_body_sent_as_text_plain_is_still_read_as_a_form() =>
        Assert.Equal(Event, Decoded(new EncodedRequest(Encoding.ASCII.GetBytes("data=" + WebUtility.UrlEncode(SampleBodies.Base64(Event))), "text/plain")));

    [Fact]
    public void Bare_base64_body_is_decoded_optimistically() =>
        Assert.Equal(Event, Decoded(new EncodedRequest(Encoding.ASCII.GetBytes(SampleBodies.Base64(Event)), "text/plain")));

    [Fact]
    public void Gzip_with_content_encoding_header() =>
        Assert.Equal(Event, Decoded(new EncodedRequest(SampleBodies.Gzip(Event), "application/json", ContentEncoding: "gzip")));

    [Fact]
    public void Gzip_sniffed_by_magic_bytes_without_any_hint() =>
        Assert.Equal(Event, Decoded(new EncodedRequest(SampleBodies.Gzip(Event), "text/plain")));

    [Theory]
    [InlineData("gzip-js")]
    [InlineData("GZIP")]
    public void Gzip_hinted_by_query(string compression) =>
        Assert.Equal(Event, Decoded(new EncodedRequest(SampleBodies.Gzip(Event), "text/plain", QueryCompression: compression)));

    [Fact]
    public void Lz64_body_with_query_hint()
    {
        // lz-string 1.5.0 compressToBase64 of "hello world" is not JSON; use a JSON vector instead.
        const string json = "{\"event\":\"$pageview\",\"distinct_id\":\"user-1\",\"properties\":{\"token\":\"phc_test\",\"$current_url\":\"https://example.com/ü/ñ/日本\"}}";
        const string lz = "N4IgpgbmB2AuIC4QBIAOBDA5pAlmA7iADQgAmOAzrDtAMawD6OpiIArhWAE4C0AjMRCouAe1TdqYColCwRAaxitUAC1oNYU+CWS02XLjEb6ANqxWxYqCggD0tsAA90AW1QmwAOloiXtgD+2AI+2gKemgDTmIAC+UUA==";
        Assert.Equal(json, Decoded(new EncodedRequest(Encoding.ASCII.GetBytes(lz), "text/plain", QueryCompression: "lz64")));
        Assert.Equal(json, Decoded(new EncodedRequest(Encoding.ASCII.GetBytes("data=" + WebUtility.UrlEncode(lz) + "&compression=lz-string"), "application/x-www-form-urlencoded")));
    }

    [Fact]
    public void Query_data_parameter_as_json_and_as_base64()
    {
        Assert.Equal(Event, Decoded(new EncodedRequest(default, QueryData: Event)));
        // ASP.NET query decoding turns '+' into ' '.
        Assert.Equal(Event, Decoded(new EncodedRequest(default, QueryData: SampleBodies.Base64(Event).Replace('+', ' '))));
    }

    [Fact]
    public void Query_data_wins_over_the_body() =>
        Assert.Equal(Event, Decoded(new EncodedRequest(Encoding.UTF8.GetBytes("[]"), QueryData: Event)));

    [Fact]
    public void Legacy_paths_decode_a_second_base64_layer()
    {
        var twice = SampleBodies.Base64(SampleBodies.Base64(Event));
        Assert.Equal(Event, Decoded(new EncodedRequest(Encoding.ASCII.GetBytes(twice), LegacyPath: true)));
    }

    [Fact]
    public void Base64_of_gzip_is_unwrapped_both_ways()
    {
        var b64 = Convert.ToBase64String(SampleBodies.Gzip(Event));
        Assert.Equal(Event, Decoded(new EncodedRequest(Encoding.ASCII.GetBytes(b64), QueryCompression: "base64")));
    }
}
