using System.Text.Json;
using PostHog.Capture.Validation;

namespace PostHog.Capture.Tests;

public class KnownPropertiesTests
{
    [Theory]
    [InlineData("""{"a":1,"token":"t","distinct_id":"d","$ignore_sent_at":true,"$cookieless_mode":false,"capture_internal":true,"z":[1,{"token":"inner"}]}""")]
    [InlineData("""{"token":"first","token":"last","distinct_id":1,"distinct_id":null}""")]
    [InlineData("""{"\u0074oken":"escaped","capture\u005finternal":true,"$cookieless_mode":"x","tokens":"no","Token":"no"}""")]
    [InlineData("""{"nested":{"distinct_id":"inner","$ignore_sent_at":true}}""")]
    [InlineData("""{}""")]
    public void Finds_what_a_lookup_per_name_finds(string json)
    {
        using var document = JsonDocument.Parse(json);
        var properties = document.RootElement;
        var known = KnownProperties.Find(properties);
        Assert.Equal(Lookup(properties, "token"), Text(known.Token));
        Assert.Equal(Lookup(properties, "distinct_id"), Text(known.DistinctId));
        Assert.Equal(Lookup(properties, "$ignore_sent_at"), Text(known.IgnoreSentAt));
        Assert.Equal(Lookup(properties, "$cookieless_mode"), Text(known.CookielessMode));
        Assert.Equal(Lookup(properties, "capture_internal"), Text(known.CaptureInternal));
    }

    [Fact]
    public void Not_an_object_finds_nothing()
    {
        using var document = JsonDocument.Parse("""["token"]""");
        Assert.Equal(JsonValueKind.Undefined, KnownProperties.Find(document.RootElement).Token.ValueKind);
        Assert.Equal(JsonValueKind.Undefined, KnownProperties.Find(default).DistinctId.ValueKind);
    }

    [Fact]
    public void Escaped_and_duplicate_names_reach_validation_as_before()
    {
        var e = Pipeline.Accept(Pipeline.Json("""{"event":"e","properties":{"\u0074oken":"phc_a","distinct_id":"x","distinct_id":"d","$cookieless_mode":true}}""")).Events[0];
        Assert.Equal(("d", true), (e.DistinctId, e.IsCookieless));
    }

    private static string? Lookup(JsonElement obj, string name) => obj.TryGetProperty(name, out var value) ? value.GetRawText() : null;

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.Undefined ? null : value.GetRawText();
}
