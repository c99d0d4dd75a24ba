namespace PostHog.Flags.Tests;

public class OperatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static FlagResult Evaluate(string op, string valueJson, string propertiesJson, EvaluationMode mode = EvaluationMode.Server)
    {
        var definitions = Definitions.Flags($$$"""
            {"id":1,"key":"f","active":true,"filters":{"groups":[{"properties":[{"key":"p","type":"person","operator":"{{{op}}}","value":{{{valueJson}}}}],"rollout_percentage":100}]}}
            """);
        var context = new EvaluationContext { DistinctId = "user-1", PersonProperties = Definitions.Properties(propertiesJson), Now = Now, Mode = mode };
        return FlagEvaluator.EvaluateFlag(definitions, context, "f")!;
    }

    [Theory]
    // exact / is_not: case-insensitive string forms, lists are membership, booleans normalised
    [InlineData("exact", "\"Chrome\"", """{"p":"chrome"}""", true)]
    [InlineData("exact", "\"Chrome\"", """{"p":"Firefox"}""", false)]
    [InlineData("exact", """["a@b.c","x@y.z"]""", """{"p":"X@Y.Z"}""", true)]
    [InlineData("exact", """["a@b.c"]""", """{"p":"q@b.c"}""", false)]
    [InlineData("exact", """["true"]""", """{"p":true}""", true)]
    [InlineData("exact", "true", """{"p":"True"}""", true)]
    [InlineData("exact", "5", """{"p":"5"}""", true)]
    [InlineData("exact", """[1,2]""", """{"p":2}""", true)]
    [InlineData("exact", "\"x\"", """{"p":null}""", false)]
    [InlineData("exact", "false", """{"p":"no"}""", true)]
    [InlineData("exact", "\"FALSE\"", """{"p":false}""", true)]
    [InlineData("exact", "[true]", """{"p":"TRUE"}""", true)]
    [InlineData("exact", "null", """{"p":"x"}""", false)]
    [InlineData("is_not", "null", """{"p":"x"}""", false)]
    [InlineData("is_not", "\"Chrome\"", """{"p":"chrome"}""", false)]
    [InlineData("is_not", """["a","b"]""", """{"p":"c"}""", true)]
    [InlineData("is_not", "\"x\"", """{"p":null}""", true)]
    // is_set / is_not_set
    [InlineData("is_set", "\"is_set\"", """{"p":"anything"}""", true)]
    [InlineData("is_set", "\"is_set\"", """{"q":"anything"}""", false)]
    [InlineData("is_not_set", "\"is_not_set\"", """{"q":1}""", true)]
    [InlineData("is_not_set", "\"is_not_set\"", """{"p":1}""", false)]
    // icontains / not_icontains / starts_with / ends_with
    [InlineData("icontains", "\"posthog\"", """{"p":"a@PostHog.com"}""", true)]
    [InlineData("icontains", "\"posthog\"", """{"p":"a@example.com"}""", false)]
    [InlineData("icontains", "\"12\"", """{"p":3124}""", true)]
    [InlineData("icontains", "\"É\"", """{"p":"café"}""", false)]
    [InlineData("icontains", "\"null\"", """{"p":null}""", true)]
    [InlineData("not_icontains", "\"posthog\"", """{"p":"a@example.com"}""", true)]
    [InlineData("not_icontains", "\"posthog\"", """{"p":"a@posthog.com"}""", false)]
    [InlineData("starts_with", "\"https://\"", """{"p":"HTTPS://x"}""", true)]
    [InlineData("not_starts_with", "\"https://\"", """{"p":"http://x"}""", true)]
    [InlineData("ends_with", "\".com\"", """{"p":"x.COM"}""", true)]
    [InlineData("not_ends_with", "\".com\"", """{"p":"x.com"}""", false)]
    // regex: unanchored, case-sensitive; invalid pattern never matches (either way)
    [InlineData("regex", "\"^a.*@posthog\\\\.com$\"", """{"p":"ann@posthog.com"}""", true)]
    [InlineData("regex", "\"posthog\"", """{"p":"x@posthog.io"}""", true)]
    [InlineData("regex", "\"PostHog\"", """{"p":"x@posthog.io"}""", false)]
    [InlineData("regex", "\"(unclosed\"", """{"p":"(unclosed"}""", false)]
    [InlineData("not_regex", "\"(unclosed\"", """{"p":"anything"}""", false)]
    [InlineData("not_regex", "\"^x\"", """{"p":"yes"}""", true)]
    [InlineData("not_regex", "\"^y\"", """{"p":"yes"}""", false)]
    [InlineData("regex", "\"\\\\d+\"", """{"p":12345}""", true)]
    // gt/gte/lt/lte: numeric on both sides (numeric strings accepted), anything else is no match
    [InlineData("gt", "10", """{"p":11}""", true)]
    [InlineData("gt", "10", """{"p":10}""", false)]
    [InlineData("gte", "10", """{"p":10}""", true)]
    [InlineData("lt", "\"10\"", """{"p":"9"}""", true)]
    [InlineData("lte", "10.5", """{"p":"10.5"}""", true)]
    [InlineData("gt", "\"100\"", """{"p":"99"}""", false)]
    [InlineData("gt", "10", """{"p":"eleven"}""", false)]
    [InlineData("lt", "\"ten\"", """{"p":5}""", false)]
    [InlineData("gt", "10", """{"p":true}""", false)]
    [InlineData("lt", "10", """{"p":[1]}""", false)]
    // dates: ISO, epoch seconds, relative (-7d, 1y, 3m, 2w, 12h)
    [InlineData("is_date_before", "\"2026-01-01\"", """{"p":"2025-12-31T23:59:59Z"}""", true)]
    [InlineData("is_date_before", "\"2026-01-01\"", """{"p":"2026-01-02"}""", false)]
    [InlineData("is_date_after", "\"2026-01-01T00:00:00Z\"", """{"p":"2026-06-01T10:00:00+02:00"}""", true)]
    [InlineData("is_date_after", "\"-7d\"", """{"p":"2026-11-20T00:00:00Z"}""", true)]
    [InlineData("is_date_after", "\"-7d\"", """{"p":"2026-11-10T00:00:00Z"}""", false)]
    [InlineData("is_date_before", "\"1y\"", """{"p":"2025-11-01T00:00:00Z"}""", true)]
    [InlineData("is_date_after", "\"-3m\"", """{"p":"2026-09-01T00:00:00Z"}""", true)]
    [InlineData("is_date_after", "\"-2w\"", """{"p":"2026-11-08T00:00:00Z"}""", false)]
    [InlineData("is_date_after", "\"-12h\"", """{"p":"2026-11-23T06:00:00Z"}""", true)]
    [InlineData("is_date_before", "\"2026-01-01\"", """{"p":1700000000}""", true)]
    [InlineData("is_date_before", "\"2026-01-01\"", """{"p":"1700000000.5"}""", true)]
    [InlineData("is_date_before", "1800000000", """{"p":"2020-01-01"}""", false)]
    [InlineData("is_date_before", "\"not a date\"", """{"p":"2020-01-01"}""", false)]
    [InlineData("is_date_after", "\"-99999d\"", """{"p":"2020-01-01"}""", false)]
    [InlineData("is_date_before", "\"2026-01-01\"", """{"p":"yesterday-ish"}""", false)]
    [InlineData("is_date_before", "\"2026-01-01\"", """{"p":false}""", false)]
    [InlineData("is_date_exact", "\"2026-01-01T00:00:00Z\"", """{"p":"2026-01-01T00:00:00Z"}""", true)]
    // semver
    [InlineData("semver_eq", "\"1.2.3\"", """{"p":"v1.2.3"}""", true)]
    [InlineData("semver_eq", "\"1.2\"", """{"p":"1.2.0+5"}""", true)]
    [InlineData("semver_eq", "\"1.2\"", """{"p":"1.2.0-beta"}""", false)]
    [InlineData("semver_lt", "\"1.2.0\"", """{"p":"1.2.0-beta.2"}""", true)]
    [InlineData("semver_gt", "\"1.2.0-beta.2\"", """{"p":"1.2.0-beta.11"}""", true)]
    [InlineData("semver_caret", "\"1.2.0\"", """{"p":"1.3.0-rc.1"}""", false)]
    [InlineData("semver_wildcard", "\"1.*.*\"", """{"p":"1.0.5"}""", true)]
    [InlineData("semver_wildcard", "\"*\"", """{"p":"7.0.0"}""", true)]
    [InlineData("semver_wildcard", "\"1.*.3\"", """{"p":"1.0.3"}""", false)]
    [InlineData("semver_neq", "\"1.2.3\"", """{"p":"1.2.4"}""", true)]
    [InlineData("semver_gt", "\"1.2.3\"", """{"p":"1.10.0"}""", true)]
    [InlineData("semver_gte", "\"1.2.3\"", """{"p":"1.2.3"}""", true)]
    [InlineData("semver_lt", "\"1.2.3\"", """{"p":"1.2.2"}""", true)]
    [InlineData("semver_lte", "\"1.2.3\"", """{"p":"2.0.0"}""", false)]
    [InlineData("semver_tilde", "\"1.2.3\"", """{"p":"1.2.9"}""", true)]
    [InlineData("semver_tilde", "\"~1.2.3\"", """{"p":"1.3.0"}""", false)]
    [InlineData("semver_caret", "\"1.2.3\"", """{"p":"1.9.0"}""", true)]
    [InlineData("semver_caret", "\"^1.2.3\"", """{"p":"2.0.0"}""", false)]
    [InlineData("semver_caret", "\"^0.2.3\"", """{"p":"0.3.0"}""", false)]
    [InlineData("semver_caret", "\"^0.0.3\"", """{"p":"0.0.3"}""", true)]
    [InlineData("semver_caret", "\"^0.0.3\"", """{"p":"0.0.4"}""", false)]
    [InlineData("semver_wildcard", "\"1.2.*\"", """{"p":"1.2.99"}""", true)]
    [InlineData("semver_wildcard", "\"1.2.*\"", """{"p":"1.3.0"}""", false)]
    [InlineData("semver_wildcard", "\"1.*\"", """{"p":"1.9.9"}""", true)]
    [InlineData("semver_eq", "\"3.08\"", """{"p":"3.8.0"}""", true)]
    [InlineData("semver_eq", "\"1.2.3.4\"", """{"p":"1.2.3"}""", false)]
    [InlineData("semver_gt", "\"1.2.3\"", """{"p":"not-a-version"}""", false)]
    [InlineData("semver_wildcard", "\"garbage\"", """{"p":"1.2.3"}""", false)]
    // unknown operator: no match, no exception
    [InlineData("teleports_to", "\"x\"", """{"p":"x"}""", false)]
    public void Operator_matches_as_posthog(string op, string value, string properties, bool expected)
    {
        var result = Evaluate(op, value, properties);
        Assert.Equal(expected, result.Enabled);
        Assert.False(result.IsInconclusive);
    }

    [Theory]
    [InlineData("exact", false)]
    [InlineData("is_not", true)]
    [InlineData("is_set", false)]
    [InlineData("is_not_set", true)]
    [InlineData("icontains", false)]
    [InlineData("not_icontains", true)]
    [InlineData("regex", false)]
    [InlineData("not_regex", true)]
    [InlineData("gt", false)]
    [InlineData("is_date_before", false)]
    [InlineData("semver_eq", false)]
    public void Missing_property_on_the_server_is_decided(string op, bool expected)
    {
        var result = Evaluate(op, "\"1\"", """{"other":"1"}""");
        Assert.Equal(expected, result.Enabled);
        Assert.False(result.IsInconclusive);
    }

    [Theory]
    [InlineData("exact")]
    [InlineData("is_not")]
    [InlineData("is_not_set")]
    [InlineData("gt")]
    public void Missing_property_in_local_evaluation_is_inconclusive(string op)
    {
        var result = Evaluate(op, "\"1\"", """{"other":"1"}""", EvaluationMode.Local);
        Assert.True(result.IsInconclusive);
        Assert.False(result.Enabled);
        Assert.Equal(FlagReason.Inconclusive, result.Reason.Code);
    }

    [Fact]
    public void Catastrophic_regex_answers_no_match_without_backtracking()
    {
        var result = Evaluate("regex", "\"^(a+)+$\"", $$$"""{"p":"{{{new string('a', 40)}}}!"}""");
        Assert.False(result.Enabled);
    }

    [Fact]
    public void Lookaround_regex_still_matches_through_the_backtracking_engine()
    {
        Assert.True(Evaluate("regex", "\"^(?=.*@)u\\\\d+\"", """{"p":"u12@x.org"}""").Enabled);
    }

    [Fact]
    public void Local_evaluation_matches_when_properties_are_present()
    {
        Assert.True(Evaluate("exact", "\"x\"", """{"p":"x"}""", EvaluationMode.Local).Enabled);
    }
}
