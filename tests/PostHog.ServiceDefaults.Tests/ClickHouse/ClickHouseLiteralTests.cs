using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.ServiceDefaults.Tests.ClickHouse;

public sealed class ClickHouseLiteralTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("", "''")]
    [InlineData("it's", @"'it\'s'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    [InlineData(@"\'", @"'\\\''")]
    [InlineData("tab\there", @"'tab\there'")]
    [InlineData("line\nbreak\r", @"'line\nbreak\r'")]
    [InlineData("nul\0byte", @"'nul\0byte'")]
    [InlineData("\b\f", @"'\b\f'")]
    [InlineData("\u0001\u001f\u007f", @"'\x01\x1F\x7F'")]
    [InlineData("emoji 🦔 ünïcödé 中文", "'emoji 🦔 ünïcödé 中文'")]
    [InlineData("`backtick` and \"double\"", "'`backtick` and \"double\"'")]
    public void String_escapes(string value, string expected) => Assert.Equal(expected, ClickHouseLiteral.String(value));

    [Theory]
    [InlineData("x' OR 1=1 --")]
    [InlineData("'; DROP TABLE events; --")]
    [InlineData("\\'; DROP TABLE events; --")]
    [InlineData("\\\\'; SELECT 1 --")]
    [InlineData("a\0'); DROP TABLE x; --")]
    public void String_never_lets_a_quote_end_the_literal_early(string attack)
    {
        var literal = ClickHouseLiteral.String(attack);
        Assert.StartsWith("'", literal, StringComparison.Ordinal);
        Assert.EndsWith("'", literal, StringComparison.Ordinal);
        // Walk the literal the way ClickHouse's lexer does: the only unescaped quote is the closing one.
        var i = 1;
        while (i < literal.Length - 1)
        {
            Assert.NotEqual('\'', literal[i]);
            i += literal[i] == '\\' ? 2 : 1;
        }

        Assert.Equal(literal.Length - 1, i);
        Assert.DoesNotContain('\0', literal);
    }

    [Fact]
    public void String_null_is_NULL() => Assert.Equal("NULL", ClickHouseLiteral.String(null));

    [Theory]
    [InlineData("events", "`events`")]
    [InlineData("we`ird", @"`we\`ird`")]
    [InlineData("it's", "`it's`")]
    [InlineData(@"a\b", @"`a\\b`")]
    public void Identifier_escapes(string name, string expected) => Assert.Equal(expected, ClickHouseLiteral.Identifier(name));

    [Fact]
    public void Numbers_are_invariant_and_negatives_cannot_form_a_comment()
    {
        Assert.Equal("42", ClickHouseLiteral.Int(42));
        Assert.Equal("(-5)", ClickHouseLiteral.Int(-5));
        Assert.Equal("18446744073709551615", ClickHouseLiteral.UInt(ulong.MaxValue));
        Assert.Equal("1.5", ClickHouseLiteral.Float(1.5));
        Assert.Equal("(-0.25)", ClickHouseLiteral.Float(-0.25));
        Assert.Equal("nan", ClickHouseLiteral.Float(double.NaN));
        Assert.Equal("inf", ClickHouseLiteral.Float(double.PositiveInfinity));
        Assert.Equal("(-inf)", ClickHouseLiteral.Float(double.NegativeInfinity));
        Assert.Equal("toDecimal128('-12.345', 3)", ClickHouseLiteral.Decimal(-12.345m, 3));
        Assert.Equal("1", ClickHouseLiteral.Bool(true));
        Assert.Equal("0", ClickHouseLiteral.Bool(false));
        Assert.Equal("x -(-5)", $"x -{ClickHouseLiteral.Int(-5)}");
    }

    [Fact]
    public void Dates_and_ids()
    {
        Assert.Equal("toDateTime('2024-01-02 03:04:05', 'UTC')", ClickHouseLiteral.DateTime(new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(2))));
        Assert.Equal("toDate('2024-01-02')", ClickHouseLiteral.Date(new DateOnly(2024, 1, 2)));
        Assert.Equal("toUUID('00000000-0000-0000-0000-000000000001')", ClickHouseLiteral.Uuid(Guid.Parse("00000000-0000-0000-0000-000000000001")));
        Assert.Equal("['a', 'b\\'c', NULL]", ClickHouseLiteral.Array(["a", "b'c", null]));
        Assert.Equal("[1, (-2)]", ClickHouseLiteral.Array([1L, -2L]));
    }
}
