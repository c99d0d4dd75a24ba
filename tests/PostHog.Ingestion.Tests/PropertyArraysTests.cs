using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using PostHog.Ingestion.Parsing;
using PostHog.ServiceDefaults.ClickHouse;

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

    [Fact]
    public void RowBinary_columns_hold_the_same_text_keys_and_values_as_the_strings()
    {
        // Escapes, non-ASCII, nested values and a value set from .NET (not parsed) all in one object.
        var properties = JsonNode.Parse("""
            {"plain":"text","quote":"say \"hi\"","newline":"a\nb","nul":"x\u0000y","slash":"a\/b","emoji":"🦔 ünï 中文","n":23.50,
             "t":true,"f":false,"z":null,"list":[1,"a",{"b":"é"}],"obj":{"deep":{"k":"v"}},"$set":{"x":1}}
            """)!.AsObject();
        properties["$ip"] = "10.0.0.1";
        var buffer = new ArrayBufferWriter<byte>();

        PropertyArrays.Write(new RowBinaryWriter(buffer), properties);

        var (keys, values) = PropertyArrays.From(properties);
        var reader = new RowBinaryStrings(buffer.WrittenMemory.ToArray());
        Assert.Equal(IngestionJson.Text(properties), reader.String());
        Assert.Equal(keys, reader.Array());
        Assert.Equal(values, reader.Array());
        Assert.True(reader.AtEnd);
    }

    /// <summary>Reads back RowBinary strings and arrays of strings (unsigned LEB128 lengths).</summary>
    private sealed class RowBinaryStrings(byte[] bytes)
    {
        private int position;

        public bool AtEnd => position == bytes.Length;

        public string String()
        {
            var length = Length();
            var text = Encoding.UTF8.GetString(bytes, position, length);
            position += length;
            return text;
        }

        public string[] Array() => [.. Enumerable.Range(0, Length()).Select(_ => String())];

        private int Length()
        {
            int value = 0, shift = 0;
            byte next;
            do
            {
                next = bytes[position++];
                value |= (next & 0x7f) << shift;
                shift += 7;
            }
            while ((next & 0x80) != 0);
            return value;
        }
    }
}
