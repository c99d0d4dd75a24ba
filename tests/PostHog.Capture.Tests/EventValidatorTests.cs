namespace PostHog.Capture.Tests;

public class EventValidatorTests
{
    private static Validation.ValidatedBatch Accept(string json, bool engage = false) => Pipeline.Accept(Pipeline.Json(json), engage: engage);

    [Theory]
    [InlineData("""{"event":"e","distinct_id":"d","token":"phc_a"}""")]
    [InlineData("""{"event":"e","distinct_id":"d","$token":"phc_a"}""")]
    [InlineData("""{"event":"e","distinct_id":"d","api_key":"phc_a"}""")]
    [InlineData("""{"event":"e","distinct_id":"d","properties":{"token":"phc_a"}}""")]
    [InlineData("""{"event":"e","distinct_id":"d","token":"  phc_a \n"}""")]
    [InlineData("""{"api_key":"phc_a","batch":[{"event":"e","distinct_id":"d","token":"phc_other"}]}""")]
    [InlineData("""{"token":"phc_a","batch":[{"event":"e","distinct_id":"d"}]}""")]
    [InlineData("""[{"event":"e","distinct_id":"d","token":"phc_a"},{"event":"e2","distinct_id":"d","properties":{"token":"phc_a"}}]""")]
    public void Token_aliases_and_precedence(string json) => Assert.Equal("phc_a", Accept(json).Token);

    [Theory]
    [InlineData("""{"event":"e","distinct_id":"user","token":"t"}""", "user")]
    [InlineData("""{"event":"e","$distinct_id":"alias","token":"t"}""", "alias")]
    [InlineData("""{"event":"e","token":"t","properties":{"distinct_id":"prop"}}""", "prop")]
    [InlineData("""{"event":"e","distinct_id":null,"token":"t","properties":{"distinct_id":"prop"}}""", "prop")]
    [InlineData("""{"event":"e","distinct_id":23,"token":"t"}""", "23")]
    [InlineData("""{"event":"e","distinct_id":23.4,"token":"t"}""", "23.4")]
    [InlineData("""{"event":"e","distinct_id":["a", "b"],"token":"t"}""", "[\"a\",\"b\"]")]
    [InlineData("""{"event":"e","distinct_id":{"k": 1},"token":"t"}""", "{\"k\":1}")]
    [InlineData("""{"event":"e","distinct_id":true,"token":"t"}""", "true")]
    [InlineData("""{"event":"e","distinct_id":"a\u0000b","token":"t"}""", "a\uFFFDb")]
    public void Distinct_id_rules(string json, string expected) => Assert.Equal(expected, Accept(json).Events[0].DistinctId);

    [Fact]
    public void Distinct_id_is_truncated_to_200_characters_without_splitting_surrogates()
    {
        var id = new string('x', 199) + "😀😀";
        var result = Accept($$"""{"event":"e","distinct_id":"{{id}}","token":"t"}""").Events[0].DistinctId;
        Assert.Equal(new string('x', 199) + "😀", result);
    }

    [Fact]
    public void Uuid_is_kept_or_made_as_uuid_v7()
    {
        var batch = Accept("""[{"event":"e","distinct_id":"d","token":"t","uuid":"01a20a01-35d6-7f78-8bda-abd32dbddccb"},{"event":"e","distinct_id":"d","token":"t","uuid":""},{"event":"e","distinct_id":"d","token":"t"}]""");
        Assert.Equal(Guid.Parse("01a20a01-35d6-7f78-8bda-abd32dbddccb"), batch.Events[0].Uuid);
        Assert.Equal(7, batch.Events[1].Uuid.Version);
        Assert.Equal(7, batch.Events[2].Uuid.Version);
        Assert.NotEqual(batch.Events[1].Uuid, batch.Events[2].Uuid);
    }

    [Theory]
    [InlineData("01A20A01-35D6-7F78-8BDA-ABD32DBDDCCB")]
    [InlineData("{01a20a01-35d6-7f78-8bda-abd32dbddccb}")]
    [InlineData("01a20a0135d67f788bdaabd32dbddccb")]
    [InlineData(" 01a20a01-35d6-7f78-8bda-abd32dbddccb ")]
    [InlineData("\u00301a20a01-35d6-7f78-8bda-abd32dbddccb")]
    public void Uuid_in_any_form_guid_parsing_takes(string uuid) =>
        Assert.Equal(Guid.Parse("01a20a01-35d6-7f78-8bda-abd32dbddccb"),
            Accept($$"""{"event":"e","distinct_id":"d","token":"t","uuid":"{{uuid}}"}""").Events[0].Uuid);

    [Fact]
    public void Engage_without_event_name_becomes_identify() =>
        Assert.Equal("$identify", Accept("""{"distinct_id":"d","token":"t","$set":{"a":1}}""", engage: true).Events[0].Event);

    [Fact]
    public void Flags_are_read_from_properties()
    {
        var e = Accept("""{"event":"e","distinct_id":"d","token":"t","offset":1500,"timestamp":"2024-01-01T00:00:00Z","properties":{"$ignore_sent_at":true,"$cookieless_mode":true,"capture_internal":true}}""").Events[0];
        Assert.Equal((1500L, "2024-01-01T00:00:00Z", true, true, true), (e.Offset, e.Timestamp, e.IgnoreSentAt, e.IsCookieless, e.CaptureInternal));
    }

    [Fact]
    public void Batch_fields_are_read()
    {
        var (batch, _, payload) = Pipeline.Run(Pipeline.Json("""{"api_key":"t","historical_migration":true,"sent_at":"2024-01-01T00:00:00Z","batch":[{"event":"e","distinct_id":"d"}]}"""));
        using (payload)
        {
            Assert.NotNull(batch);
            Assert.True(payload!.HistoricalMigration);
            Assert.Equal("2024-01-01T00:00:00Z", payload.SentAt);
        }
    }
}
