using System.Text;
using System.Text.Json.Nodes;
using PostHog.Ingestion.Parsing;
using PostHog.Ingestion.Tests.Fixtures;

namespace PostHog.Ingestion.Tests;

public sealed class EventParserTests
{
    [Fact]
    public void Reads_the_envelope_and_its_double_encoded_data()
    {
        var envelope = TestMessages.Envelope("phc_x", "$pageview", "user-1", new JsonObject { ["$current_url"] = "https://example.com/", ["n"] = 3 });
        var message = TestMessages.Message(envelope);

        var parsed = EventParser.Parse(message.Value, message.Headers).Event!;

        Assert.Equal(envelope.Uuid, parsed.Uuid);
        Assert.Equal("$pageview", parsed.Event);
        Assert.Equal("user-1", parsed.DistinctId);
        Assert.Equal("phc_x", parsed.Token);
        Assert.Equal("203.0.113.7", parsed.Ip);
        Assert.Equal(TestMessages.Now, parsed.Timestamp);
        Assert.Equal("https://example.com/", parsed.Properties["$current_url"]!.GetValue<string>());
        Assert.False(parsed.ForceDisablePersonProcessing);
    }

    [Fact]
    public void Top_level_set_and_set_once_merge_into_properties_with_the_top_level_winning()
    {
        var envelope = TestMessages.Envelope("phc_x", "$identify", "user-1",
            new JsonObject { ["$set"] = new JsonObject { ["plan"] = "free", ["name"] = "Ann" } },
            extraTopLevel: new JsonObject { ["$set"] = new JsonObject { ["plan"] = "pro" }, ["$set_once"] = new JsonObject { ["first"] = "yes" } });

        var parsed = EventParser.Parse(TestMessages.Message(envelope).Value, null).Event!;

        Assert.Equal("""{"plan":"pro","name":"Ann"}""", parsed.Properties["$set"]!.ToJsonString());
        Assert.Equal("""{"first":"yes"}""", parsed.Properties["$set_once"]!.ToJsonString());
    }

    [Fact]
    public void The_force_disable_header_turns_person_processing_off()
    {
        var envelope = TestMessages.Envelope("phc_x", "e", "d");
        var message = TestMessages.Message(envelope, forceDisablePersonProcessing: true);

        Assert.True(EventParser.Parse(message.Value, message.Headers).Event!.ForceDisablePersonProcessing);
    }

    [Theory]
    [InlineData("", "empty_message")]
    [InlineData("not json at all", "invalid_envelope")]
    [InlineData("""{"uuid":"0190d1f5-0000-7000-8000-000000000000"}""", "invalid_envelope")]
    [InlineData("""{"uuid":"0190d1f5-0000-7000-8000-000000000000","distinct_id":"d","ip":"1.1.1.1","data":"{broken","now":"2026-01-01T00:00:00Z","token":"t","event":"e","timestamp":"2026-01-01T00:00:00Z"}""", "invalid_event_data")]
    [InlineData("""{"uuid":"0190d1f5-0000-7000-8000-000000000000","distinct_id":"d","ip":"1.1.1.1","data":"[1,2]","now":"2026-01-01T00:00:00Z","token":"t","event":"e","timestamp":"2026-01-01T00:00:00Z"}""", "invalid_event_data")]
    [InlineData("""{"uuid":"0190d1f5-0000-7000-8000-000000000000","distinct_id":"","ip":"1.1.1.1","data":"{}","now":"2026-01-01T00:00:00Z","token":"t","event":"e","timestamp":"2026-01-01T00:00:00Z"}""", "missing_distinct_id")]
    [InlineData("""{"uuid":"0190d1f5-0000-7000-8000-000000000000","distinct_id":"d","ip":"1.1.1.1","data":"{}","now":"2026-01-01T00:00:00Z","token":"t","event":"","timestamp":"2026-01-01T00:00:00Z"}""", "missing_event_name")]
    public void Unprocessable_messages_name_their_reason(string value, string reason)
    {
        var result = EventParser.Parse(Encoding.UTF8.GetBytes(value), null);

        Assert.Null(result.Event);
        Assert.StartsWith(reason, result.FailureReason);
    }
}
