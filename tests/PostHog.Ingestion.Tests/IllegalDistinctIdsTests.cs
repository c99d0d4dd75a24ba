using PostHog.Ingestion.Persons;

namespace PostHog.Ingestion.Tests;

public sealed class IllegalDistinctIdsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("anonymous")]
    [InlineData("Anonymous")]
    [InlineData("GUEST")]
    [InlineData("distinctid")]
    [InlineData("distinct_id")]
    [InlineData("ID")]
    [InlineData("not_authenticated")]
    [InlineData("email")]
    [InlineData("undefined")]
    [InlineData("True")]
    [InlineData("false")]
    [InlineData("[object Object]")]
    [InlineData("NaN")]
    [InlineData("None")]
    [InlineData("none")]
    [InlineData("null")]
    [InlineData("0")]
    [InlineData("\"undefined\"")]
    [InlineData("'null'")]
    [InlineData("'Guest'")]
    public void Refused_for_merges(string distinctId) => Assert.True(IllegalDistinctIds.IsIllegal(distinctId));

    [Theory]
    [InlineData("user-1")]
    [InlineData("NULL")] // "null" is matched case-sensitively
    [InlineData("nan")]
    [InlineData("00")]
    [InlineData("anonymous-123")]
    [InlineData("0190d1f5-0000-7000-8000-000000000000")]
    public void Allowed(string distinctId) => Assert.False(IllegalDistinctIds.IsIllegal(distinctId));
}
