using System.Buffers;
using PostHog.Decide.Definitions;
using PostHog.Decide.Responses;
using PostHog.Flags;

namespace PostHog.Decide.Tests;

/// <summary>Pre-encoded per-flag parts must give exactly the bytes of encoding every part per request.</summary>
public sealed class ResponsePartsTests
{
    // Keys, names, variants and payloads that need escaping; a holdout (variant not in the list); reasons of every kind.
    internal const string Envelope = """
        {"loaded_at":0,"team_id":1,"group_type_mapping":{"0":"company"},"cohorts":{},"flags":[
          {"id":1,"key":"plain","name":"Plain","version":3,"active":true,"filters":{"groups":[{"rollout_percentage":50}],"payloads":{"true":"{\"a\":\"<b>&é\"}"}}},
          {"id":2,"key":"multi \"quoted\" ü","name":"","active":true,"filters":{"groups":[{"properties":[{"key":"plan","value":["pro"],"type":"person"}],"rollout_percentage":100},{"rollout_percentage":60}],
            "multivariate":{"variants":[{"key":"control","rollout_percentage":50},{"key":"tést \"x\"","rollout_percentage":50}]},
            "payloads":{"tést \"x\"":{"n":1,"s":"<tag>"},"control":[1,2,"</script>"]}}},
          {"id":3,"key":"held","name":"Held <out>","active":true,"filters":{"holdout":{"id":7,"exclusion_percentage":40},"groups":[{"rollout_percentage":100}],
            "multivariate":{"variants":[{"key":"a","rollout_percentage":100}]}}},
          {"id":4,"key":"group","active":true,"filters":{"aggregation_group_type_index":0,"groups":[{"rollout_percentage":100}]}},
          {"id":5,"key":"deleted","deleted":true,"active":true,"filters":{"groups":[{"rollout_percentage":100}]}},
          {"id":6,"key":"payload-null","active":true,"filters":{"groups":[{"rollout_percentage":100}],"payloads":{"true":null}}}]}
        """;

    [Fact]
    public void Pre_encoded_parts_write_the_same_bytes_as_per_request_encoding_in_every_format()
    {
        var definitions = TeamDefinitions.FromEnvelope(Envelope);
        var requestId = Guid.CreateVersion7();
        var checkedEnabled = 0;
        for (var i = 0; i < 200; i++)
        {
            var context = new EvaluationContext
            {
                DistinctId = $"user-{i}",
                PersonProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["plan"] = System.Text.Json.JsonDocument.Parse(i % 2 == 0 ? "\"pro\"" : "\"free\"").RootElement },
                Groups = i % 3 == 0 ? new Dictionary<string, string> { ["company"] = $"c{i}" } : null,
            };
            var results = FlagEvaluator.Evaluate(definitions.Flags, context).Values.ToList();
            checkedEnabled += results.Count(r => r.Enabled);
            foreach (var format in Enum.GetValues<ResponseFormat>())
            foreach (var config in (bool[])[false, true])
            {
                var prepared = Render(new FlagsOutcome(results, i % 5 == 0, definitions.ResponseParts), format, config, requestId);
                var perRequest = Render(new FlagsOutcome(results, i % 5 == 0), format, config, requestId);
                Assert.Equal(perRequest, prepared);
            }
        }
        Assert.InRange(checkedEnabled, 1, 200 * 5 - 1);
    }

    [Fact]
    public void Parts_of_another_version_of_the_flag_are_not_used()
    {
        var definitions = TeamDefinitions.FromEnvelope(Envelope);
        var result = FlagEvaluator.Evaluate(definitions.Flags, new EvaluationContext { DistinctId = "u" })["plain"];
        Assert.True(definitions.ResponseParts["plain"].Describes(result));
        Assert.False(definitions.ResponseParts["plain"].Describes(result with { Version = 4 }));
        var changed = Render(new FlagsOutcome([result with { Description = "Renamed" }], false, definitions.ResponseParts), ResponseFormat.FlagsV2, false, Guid.Empty);
        Assert.Contains("\"description\":\"Renamed\"", changed);
    }

    private static string Render(FlagsOutcome outcome, ResponseFormat format, bool config, Guid requestId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FlagsResponseWriter.Write(buffer, outcome, format, config, requestId, 1234);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
