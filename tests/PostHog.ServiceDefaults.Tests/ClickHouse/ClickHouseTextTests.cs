using System.Net;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.ServiceDefaults.Tests.ClickHouse;

public sealed class ClickHouseTextTests
{
    [Fact]
    public void Statements_in_traces_keep_identifiers_and_lose_values()
    {
        var sql = "SELECT count() FROM events_2 WHERE team_id = 42 AND event = 'it\\'s secret' AND `col 1` > 1.5e-3 AND x = 0x1F LIMIT 10";

        Assert.Equal(
            "SELECT count() FROM events_2 WHERE team_id = ? AND event = ? AND `col 1` > ? AND x = ? LIMIT ?",
            ClickHouseQueryText.WithoutLiterals(sql));
    }

    [Theory]
    [InlineData("  select 1", "SELECT")]
    [InlineData("INSERT INTO t FORMAT JSONEachRow", "INSERT")]
    [InlineData("(SELECT 1) UNION ALL (SELECT 2)", "SELECT")]
    [InlineData("", "QUERY")]
    public void Operation_is_the_leading_keyword(string sql, string expected) => Assert.Equal(expected, ClickHouseQueryText.Operation(sql));

    [Fact]
    public void Reads_18_16_error_text()
    {
        var error = ClickHouseException.FromResponseText(
            "Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 1: SELEC 1., e.what() = DB::Exception\n",
            HttpStatusCode.BadRequest);

        Assert.NotNull(error);
        Assert.Equal(62, error.Code);
        Assert.Equal("DB::Exception: Syntax error: failed at position 1: SELEC 1.", error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public void Reads_current_error_text()
    {
        var error = ClickHouseException.FromResponseText("Code: 60. DB::Exception: Table default.nope does not exist. (UNKNOWN_TABLE) (version 24.3.1.1)");

        Assert.NotNull(error);
        Assert.Equal(60, error.Code);
        Assert.StartsWith("DB::Exception: Table default.nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_text_is_not_a_ClickHouse_error() => Assert.Null(ClickHouseException.FromResponseText("<html>502 Bad Gateway</html>"));

    [Fact]
    public void Tsv_unescapes_and_reads_null()
    {
        Assert.Equal(new string?[] { "a\tb", "line\nbreak", null, "back\\slash", "it's", "" }, ClickHouseTsv.ParseLine("a\\tb\tline\\nbreak\t\\N\tback\\\\slash\tit\\'s\t"));
    }
}
