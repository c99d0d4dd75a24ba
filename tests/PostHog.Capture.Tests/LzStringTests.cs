using PostHog.RequestDecoding;

namespace PostHog.Capture.Tests;

public class LzStringTests
{
    // Produced by lz-string 1.5.0 compressToBase64 under Node 20.
    [Theory]
    [InlineData("a", "IZA=")]
    [InlineData("hello world", "BYUwNmD2AEDukCcwBMg=")]
    [InlineData("{\"event\":\"$pageview\",\"distinct_id\":\"user-1\",\"properties\":{\"token\":\"phc_test\",\"$current_url\":\"https://example.com/ü/ñ/日本\"}}",
        "N4IgpgbmB2AuIC4QBIAOBDA5pAlmA7iADQgAmOAzrDtAMawD6OpiIArhWAE4C0AjMRCouAe1TdqYColCwRAaxitUAC1oNYU+CWS02XLjEb6ANqxWxYqCggD0tsAA90AW1QmwAOloiXtgD+2AI+2gKemgDTmIAC+UUA==")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "IY18ZXTt/DxA")]
    [InlineData("emoji 😀🎉 surrogate pairs", "KYWw9gVglgBIvBuAA9wPBuEj9mBnArgJ22A5gIYAuwMADoVNukA=")]
    public void Decompresses_what_lz_string_compressed(string expected, string compressed) =>
        Assert.Equal(expected, LzString.DecompressFromBase64(compressed, 1_000_000));

    [Fact]
    public void Decompresses_a_repetitive_stream_that_uses_the_kwkwk_case()
    {
        var expected = string.Concat(Enumerable.Repeat("TOBEORNOTTOBEORTOBEORNOT#", 20));
        const string compressed = "CoeQQgoiBKByLFJGSpwQYlTejxu3WC3xwUMNxOSItKOrVzpqsvPveK5acx8702QjjS6MyeMSO4zekibUGt+c5X1kqpBGYubqFA6Vr2idJo+Y2ntKXZbsmgA=";
        Assert.Equal(expected, LzString.DecompressFromBase64(compressed, 1_000_000));
    }

    [Fact]
    public void Empty_stream_marker_is_empty_and_empty_input_is_null()
    {
        Assert.Equal("", LzString.DecompressFromBase64("Q===", 100));
        Assert.Null(LzString.DecompressFromBase64("", 100));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("////////////")]
    public void Corrupt_input_is_null_or_empty_never_an_exception(string input) =>
        Assert.True(string.IsNullOrEmpty(LzString.DecompressFromBase64(input, 1000)));

    [Fact]
    public void Output_beyond_the_limit_is_payload_too_large()
    {
        var ex = Assert.Throws<RequestDecodingException>(() => LzString.DecompressFromBase64("IY18ZXTt/DxA", 50));
        Assert.Equal(413, ex.Status);
    }
}
