using System.Text.Json.Nodes;
using PostHog.Ingestion.Parsing;

namespace PostHog.Ingestion.Tests;

public sealed class PropertyArraysTests
{
    [Fact]
    public void Only_top_level_keys_are_listed_so_a_nested_key_of_the_same_name_never_matches()
    {
        var properties = JsonNode.Parse("""{"account":{"plan":"pro"},"seats":3}""")!.AsObject();

        var (keys, values) = PropertyArrays.From(properties);

        Assert.Equal(["account", "seats"], keys);
        Assert.DoesNotContain("plan", keys);
        Assert.Equal(["""{"plan":"pro"}""", "3"], values);
    }

    [Theory]
    [InlineData("\"text\"", "text")]
    [InlineData("\"quote \\\" and é\"", "quote \" and é")]
    [InlineData("23", "23")]
    [InlineData("23.5", "23.5")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    [InlineData("[1,\"a\"]", "[1,\"a\"]")]
    [InlineData("{\"b\":\"é\"}", "{\"b\":\"é\"}")]
    public void Values_are_strings_unquoted_and_everything_else_compact_json(string json, string expected)
    {
        var properties = JsonNode.Parse($$"""{"k":{{json}}}""")!.AsObject();

        Assert.Equal(expected, PropertyArrays.From(properties).Values[0]);
    }
}
