using PostHog.Capture.Clock;

namespace PostHog.Capture.Tests;

/// <summary>Spec §1.6, one row per rule.</summary>
public class ClockSkewCorrectorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-06-01T12:00:00Z");

    private static DateTimeOffset? At(string? iso) => iso is null ? null : DateTimeOffset.Parse(iso);

    [Theory]
    // nothing known → now
    [InlineData(null, null, null, false, "2024-06-01T12:00:00Z")]
    // timestamp alone is trusted as given
    [InlineData("2024-06-01T11:00:00Z", null, null, false, "2024-06-01T11:00:00Z")]
    // worked example from capture-rs: sent_at 10 s ahead of now → shift timestamp back 10 s
    [InlineData("2024-06-01T11:00:00Z", null, "2024-06-01T12:00:10Z", false, "2024-06-01T10:59:50Z")]
    // client clock an hour behind
    [InlineData("2024-06-01T10:30:00Z", null, "2024-06-01T11:00:00Z", false, "2024-06-01T11:30:00Z")]
    // $ignore_sent_at: the timestamp is taken as given
    [InlineData("2024-06-01T11:00:00Z", null, "2024-06-01T12:00:10Z", true, "2024-06-01T11:00:00Z")]
    // offset overrides timestamp and sent_at
    [InlineData("2024-06-01T11:00:00Z", 5000L, "2024-06-01T12:00:10Z", false, "2024-06-01T11:59:55Z")]
    [InlineData(null, 60000L, null, false, "2024-06-01T11:59:00Z")]
    // more than 23 h in the future → now
    [InlineData("2024-06-02T11:00:01Z", null, null, false, "2024-06-01T12:00:00Z")]
    // up to 23 h in the future is kept
    [InlineData("2024-06-02T10:59:59Z", null, null, false, "2024-06-02T10:59:59Z")]
    // skew correction that lands far in the future is clamped too
    [InlineData("2024-06-03T00:00:00Z", null, "2024-06-01T00:00:00Z", false, "2024-06-01T12:00:00Z")]
    // negative offset (event "in the future") beyond 23 h is clamped
    [InlineData(null, -90000000L, null, false, "2024-06-01T12:00:00Z")]
    // unparseable timestamp → now
    [InlineData("yesterday-ish", null, null, false, "2024-06-01T12:00:00Z")]
    [InlineData("10000-01-01T00:00:00Z", null, null, false, "2024-06-01T12:00:00Z")]
    // other accepted forms
    [InlineData("2024-06-01T14:00:00+03", null, null, false, "2024-06-01T11:00:00Z")]
    [InlineData("2024-06-01T14:00:00+0300", null, null, false, "2024-06-01T11:00:00Z")]
    [InlineData("2024-06-01 11:00:00", null, null, false, "2024-06-01T11:00:00Z")]
    [InlineData("2024-05-31", null, null, false, "2024-05-31T00:00:00Z")]
    [InlineData("Sat, 01 Jun 2024 11:00:00 GMT", null, null, false, "2024-06-01T11:00:00Z")]
    [InlineData("Sat, 1 Jun 2024 13:00:00 +0200", null, null, false, "2024-06-01T11:00:00Z")]
    [InlineData("1717239600", null, null, false, "2024-06-01T11:00:00Z")]
    [InlineData("1717239600000", null, null, false, "2024-06-01T11:00:00Z")]
    [InlineData("2024-06-01T11:00:00.123456Z", null, null, false, "2024-06-01T11:00:00.123456Z")]
    public void Resolves_event_time(string? timestamp, long? offset, string? sentAt, bool ignoreSentAt, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), ClockSkewCorrector.Resolve(timestamp, offset, At(sentAt), Now, ignoreSentAt));

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Absurd_offsets_fall_back_to_now(long offset) =>
        Assert.Equal(Now, ClockSkewCorrector.Resolve(null, offset, null, Now));

    [Theory]
    [InlineData("2024-06-01T12:00:10Z", null, "2024-06-01T12:00:10Z")]
    [InlineData(null, "1717243210000", "2024-06-01T12:00:10Z")]
    [InlineData("garbage", "1717243210000", "2024-06-01T12:00:10Z")]
    [InlineData(null, "1717243210", null)] // seconds, i.e. 1970 in ms → ignored
    [InlineData(null, "1577836800000", null)] // 2020-01-01 → ignored
    [InlineData(null, "soon", null)]
    public void Sent_at_comes_from_body_then_query_underscore(string? body, string? underscore, string? expected) =>
        Assert.Equal(At(expected), ClockSkewCorrector.SentAt(body, underscore));
}
