using System.Globalization;
using PostHog.Capture.Clock;

namespace PostHog.Capture.Tests;

public class IsoTimestampTests
{
    private static readonly string[] GeneralIsoFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"];

    [Theory]
    [InlineData("2024-06-01T12:00:00Z")]
    [InlineData("2024-06-01T12:00:00.123Z")]
    [InlineData("2024-06-01T12:00:00.1234567Z")]
    [InlineData("2024-06-01T12:00:00.1Z")]
    [InlineData("2024-02-29T23:59:59.999Z")]
    [InlineData("2024-06-01T12:00:00+02:00")]
    [InlineData("2024-06-01T12:00:00.5-05:30")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2024-06-01T00:30:00+14:00")]
    public void Gives_the_same_instant_as_the_general_parser(string text)
    {
        Assert.True(DateTimeOffset.TryParseExact(text, GeneralIsoFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expected));
        Assert.True(IsoTimestamp.TryParse(text, out var value));
        Assert.Equal(expected, value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(expected.UtcTicks, value.UtcTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-06-01")]
    [InlineData("2024-06-01T12:00:00")]
    [InlineData("2024-06-01 12:00:00Z")]
    [InlineData("2024-13-01T12:00:00Z")]
    [InlineData("2023-02-29T12:00:00Z")]
    [InlineData("2024-06-01T24:00:00Z")]
    [InlineData("2024-06-01T12:60:00Z")]
    [InlineData("2024-06-01T12:00:60Z")]
    [InlineData("2024-06-01T12:00:00.Z")]
    [InlineData("2024-06-01T12:00:00.12345678Z")]
    [InlineData("2024-06-01T12:00:00z")]
    [InlineData("2024-06-01T12:00:00+03")]
    [InlineData("2024-06-01T12:00:00+15:00")]
    [InlineData("2024-06-01T12:00:00Z ")]
    [InlineData(" 2024-06-01T12:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    public void Leaves_every_other_shape_to_the_general_parser(string text) => Assert.False(IsoTimestamp.TryParse(text, out _));

    [Theory]
    [InlineData("2024-06-01T12:00:00+03", "2024-06-01T09:00:00Z")]
    [InlineData(" 2024-06-01T12:00:00Z", "2024-06-01T12:00:00Z")]
    public void Shapes_it_leaves_out_still_parse(string text, string expected)
    {
        Assert.True(TimestampParser.TryParse(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), value);
    }
}
