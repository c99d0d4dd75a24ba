using System.Text.Json.Nodes;
using PostHog.Ingestion.Persons;

namespace PostHog.Ingestion.Tests;

public sealed class PropertyUpdateTests
{
    [Theory]
    // existing, event properties, expected, changed keys
    [InlineData("{}", """{"$set":{"a":1}}""", """{"a":1}""", "a")]
    [InlineData("""{"a":1}""", """{"$set":{"a":1}}""", """{"a":1}""", "")]
    [InlineData("""{"a":1}""", """{"$set":{"a":2}}""", """{"a":2}""", "a")]
    [InlineData("""{"a":1}""", """{"$set_once":{"a":2,"b":3}}""", """{"a":1,"b":3}""", "b")]
    [InlineData("{}", """{"$set_once":{"a":"once"},"$set":{"a":"set"}}""", """{"a":"set"}""", "a")]
    [InlineData("""{"a":1,"b":2}""", """{"$unset":["a","zz"]}""", """{"b":2}""", "a")]
    [InlineData("""{"a":1,"b":2}""", """{"$unset":{"b":null}}""", """{"a":1}""", "b")]
    [InlineData("""{"o":{"x":1}}""", """{"$set":{"o":{"x":1}}}""", """{"o":{"x":1}}""", "")]
    [InlineData("""{"a":null}""", """{"$set_once":{"a":5}}""", """{"a":null}""", "")]
    [InlineData("""{"a":"x","n":1.0}""", """{"$set":{"a":"x","n":1.0}}""", """{"a":"x","n":1.0}""", "")]
    [InlineData("""{"l":[1,"a"]}""", """{"$set":{"l":[1,"b"]}}""", """{"l":[1,"b"]}""", "l")]
    public void Applies_set_once_then_set_then_unset(string existing, string eventProperties, string expected, string changed)
    {
        var target = JsonNode.Parse(existing)!.AsObject();
        var update = PropertyUpdate.FromEventProperties(JsonNode.Parse(eventProperties)!.AsObject());
        // The read-only check an unchanged person is decided with must agree with applying the update.
        var wouldChange = update.Changes(PersonRecordView.From(existing).Lookup);

        var changedKeys = update.ApplyTo(target);

        Assert.Equal(expected, target.ToJsonString());
        Assert.Equal(changed, string.Join(',', changedKeys));
        Assert.Equal(changedKeys.Count > 0, wouldChange);
    }

    [Fact]
    public void An_event_without_updates_is_empty() =>
        Assert.True(PropertyUpdate.FromEventProperties(JsonNode.Parse("""{"$current_url":"x"}""")!.AsObject()).IsEmpty);
}
