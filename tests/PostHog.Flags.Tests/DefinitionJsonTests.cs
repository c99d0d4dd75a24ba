using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.Flags.Definitions;

namespace PostHog.Flags.Tests;

public class DefinitionJsonTests
{
    // Shape of a PostHog /api/feature_flag/local_evaluation?send_cohorts export, including fields this model does not name.
    private const string Exported = """
        {
          "flags": [
            {
              "id": 4821, "team_id": 2, "name": "New checkout", "key": "new-checkout",
              "filters": {
                "groups": [
                  {"variant": null, "properties": [{"key": "email", "type": "person", "value": ["a@posthog.com"], "operator": "exact"}], "rollout_percentage": 100},
                  {"variant": "test", "properties": [{"key": "id", "type": "cohort", "value": 311, "operator": "in"}], "rollout_percentage": 50, "description": "cohort people"},
                  {"properties": [{"key": "4820", "type": "flag", "value": true, "operator": "flag_evaluates_to", "dependency_chain": [4820]}], "rollout_percentage": null}
                ],
                "payloads": {"test": "{\"price\": 9}", "control": {"price": 10}},
                "multivariate": {"variants": [{"key": "control", "name": "Control", "rollout_percentage": 50}, {"key": "test", "name": "Test", "rollout_percentage": 50}]},
                "aggregation_group_type_index": null,
                "holdout_groups": [{"properties": [], "rollout_percentage": 10, "variant": "holdout-3"}],
                "super_groups": [{"properties": [{"key": "$feature_enrollment/new-checkout", "type": "person", "value": ["true"], "operator": "exact"}], "rollout_percentage": 100}]
              },
              "deleted": false, "active": true, "ensure_experience_continuity": true, "version": 7,
              "has_encrypted_payloads": false, "evaluation_runtime": "all", "bucketing_identifier": "distinct_id"
            },
            {
              "id": 4820, "team_id": 2, "name": "", "key": "company-beta",
              "filters": {"groups": [{"properties": [{"key": "size", "type": "group", "value": 100, "operator": "gte", "group_type_index": 0}], "rollout_percentage": 25.5}], "aggregation_group_type_index": 0},
              "deleted": false, "active": true, "ensure_experience_continuity": false
            }
          ],
          "group_type_mapping": {"0": "company"},
          "cohorts": {
            "311": {"type": "OR", "values": [{"type": "AND", "values": [{"key": "plan", "type": "person", "value": "pro", "negation": false, "operator": "exact"}]}]}
          }
        }
        """;

    [Fact]
    public void Exported_definitions_load_with_every_field()
    {
        var definitions = FlagDefinitions.Parse(Exported);
        var flag = definitions.Flags[0];
        Assert.Equal((4821, 2, "new-checkout", 7, true), (flag.Id, flag.TeamId, flag.Key, flag.Version, flag.EnsureExperienceContinuity));
        Assert.Equal(3, flag.Filters.Groups!.Count);
        Assert.Equal("test", flag.Filters.Groups[1].Variant);
        Assert.Null(flag.Filters.Groups[2].RolloutPercentage);
        Assert.Equal(["control", "test"], flag.Filters.Multivariate!.Variants.Select(v => v.Key));
        Assert.Equal("holdout-3", flag.Filters.HoldoutGroups![0].Variant);
        Assert.Equal("$feature_enrollment/new-checkout", flag.Filters.SuperGroups![0].Properties![0].Key);
        Assert.True(flag.Extra!.ContainsKey("evaluation_runtime"));
        Assert.Equal(25.5, definitions.Flags[1].Filters.Groups![0].RolloutPercentage);
        Assert.Equal(0, definitions.Flags[1].Filters.Groups![0].Properties![0].GroupTypeIndex);
        var cohort = definitions.Cohorts["311"];
        Assert.Equal("OR", cohort.Type);
        var inner = Assert.IsType<PropertyGroup>(cohort.Values[0]);
        Assert.Equal("plan", Assert.IsType<PropertyFilter>(inner.Values[0]).Key);
    }

    [Fact]
    public void Exported_definitions_round_trip_unchanged()
    {
        var written = JsonSerializer.Serialize(FlagDefinitions.Parse(Exported));
        Assert.True(JsonNode.DeepEquals(WithoutNulls(JsonNode.Parse(Exported)), WithoutNulls(JsonNode.Parse(written))), written);
    }

    [Fact]
    public void Exported_definitions_evaluate()
    {
        var definitions = FlagDefinitions.Parse(Exported);
        var context = new EvaluationContext
        {
            DistinctId = "user-1",
            PersonProperties = Definitions.Properties("""{"email":"A@posthog.com"}"""),
        };
        var results = FlagEvaluator.Evaluate(definitions, context);
        Assert.Equal(2, results.Count);
        Assert.Equal("no_group_type", results["company-beta"].Reason.Code);
        var checkout = results["new-checkout"];
        Assert.True(checkout.Enabled);
        Assert.Contains(checkout.Reason.Code, new[] { "condition_match", "holdout_condition_value" });
    }

    [Fact]
    public void Nulls_and_missing_parts_load_and_evaluate_without_throwing()
    {
        var definitions = FlagDefinitions.Parse("""
            {"flags":[
              {"id":1,"key":"a","active":true,"filters":{"groups":null,"multivariate":null,"payloads":null}},
              {"id":2,"key":"b","active":true,"filters":{"groups":[{"properties":null,"rollout_percentage":null}],
                "multivariate":{"variants":[{"key":"x","rollout_percentage":null},{"key":"y","rollout_percentage":100}]}}},
              {"id":3,"key":"c","active":true,"filters":{"groups":[{"properties":[{"key":"p","operator":"gt","value":null},{"key":"q","type":"behavioral","value":"x"}]}]}}
            ]}
            """);
        var results = FlagEvaluator.Evaluate(definitions, Definitions.Person("u", """{"p":1,"q":"x"}"""));
        Assert.False(results["a"].Enabled);
        Assert.Equal("y", results["b"].Variant);
        Assert.False(results["c"].Enabled);
    }

    /// <summary>Absent and null mean the same to PostHog; compare without them.</summary>
    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is null) obj.Remove(key);
                    else WithoutNulls(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) WithoutNulls(item);
                break;
        }
        return node;
    }
}
