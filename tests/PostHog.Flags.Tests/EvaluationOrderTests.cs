using System.Text.Json;

namespace PostHog.Flags.Tests;

public class EvaluationOrderTests
{
    private static readonly string Variants = """
        "multivariate":{"variants":[{"key":"control","rollout_percentage":50},{"key":"test","rollout_percentage":50}]}
        """;

    [Fact]
    public void First_matching_condition_wins_and_reports_its_index()
    {
        var definitions = Definitions.Flags("""
            {"id":1,"key":"f","active":true,"version":4,"name":"desc","filters":{"groups":[
              {"properties":[{"key":"email","type":"person","value":"x"}],"rollout_percentage":100},
              {"properties":[{"key":"plan","type":"person","value":"pro"}],"rollout_percentage":100},
              {"properties":[],"rollout_percentage":100}]}}
            """);
        var result = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u", """{"plan":"pro"}"""), "f")!;
        Assert.True(result.Enabled);
        Assert.Equal(new FlagReason("condition_match", 1, "Matched condition set 2"), result.Reason);
        Assert.Equal((1, 4, "desc"), (result.Id, result.Version, result.Description));
    }

    [Fact]
    public void No_match_reports_highest_priority_reason()
    {
        var definitions = Definitions.Flags("""
            {"id":1,"key":"simple-flag","active":true,"filters":{"groups":[
              {"properties":[{"key":"email","type":"person","value":"x"}]},
              {"properties":[],"rollout_percentage":45},
              {"properties":[],"rollout_percentage":0}]}}
            """);
        var result = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("distinct_id_0"), "simple-flag")!;
        Assert.False(result.Enabled);
        // Equal scores: the later condition is reported (newest flag_match_reason.rs ordering).
        Assert.Equal(new FlagReason("out_of_rollout_bound", 2, "Out of rollout bound"), result.Reason);

        var onlyProperties = Definitions.Flags("""
            {"id":3,"key":"p","active":true,"filters":{"groups":[{"properties":[{"key":"a","value":"x"}]},{"properties":[{"key":"b","value":"y"}]}]}}
            """);
        Assert.Equal(new FlagReason("no_condition_match", 1, "No matching condition set"),
            FlagEvaluator.EvaluateFlag(onlyProperties, Definitions.Person("u"), "p")!.Reason);

        var none = FlagEvaluator.EvaluateFlag(Definitions.Flags("""{"id":2,"key":"g","active":true,"filters":{"groups":[]}}"""), Definitions.Person("u"), "g")!;
        Assert.Equal(new FlagReason("no_condition_match", null, "No matching condition set"), none.Reason);
    }

    [Fact]
    public void Variant_override_conditions_are_evaluated_first_and_force_the_variant()
    {
        var definitions = Definitions.Flags($$$"""
            {"id":1,"key":"f","active":true,"filters":{"groups":[
              {"properties":[],"rollout_percentage":100},
              {"properties":[{"key":"email","type":"person","value":"qa@posthog.com"}],"rollout_percentage":100,"variant":"test"},
              {"properties":[],"rollout_percentage":100,"variant":"no-such-variant"}],
             {{{Variants}}},
             "payloads":{"control":"{\"c\":1}","test":{"t":2},"true":"plain"}
            }}
            """);
        var qa = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u", """{"email":"QA@posthog.com"}"""), "f")!;
        Assert.Equal(("test", 1), (qa.Variant, qa.Reason.ConditionIndex));
        Assert.Equal(2, qa.Payload!.Value.GetProperty("t").GetInt32());

        var other = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u", """{"email":"a@b.c"}"""), "f")!;
        // Condition 2 names a variant (even an unknown one), so it is tried before condition 0; its variant is then hashed.
        Assert.Equal(2, other.Reason.ConditionIndex);
        Assert.Contains(other.Variant, new[] { "control", "test" });
        Assert.Equal(JsonValueKind.String, other.Payload!.Value.ValueKind);
    }

    [Fact]
    public void Boolean_flag_payload_uses_the_true_key_and_disabled_flags_have_none()
    {
        var definitions = Definitions.Flags("""
            {"id":1,"key":"on","active":true,"filters":{"groups":[{"rollout_percentage":100}],"payloads":{"true":"{\"a\":1}"}}},
            {"id":2,"key":"off","active":true,"filters":{"groups":[{"rollout_percentage":0}],"payloads":{"true":"x"}}}
            """);
        var results = FlagEvaluator.Evaluate(definitions, Definitions.Person("u"));
        Assert.Equal("{\"a\":1}", results["on"].Payload!.Value.GetString());
        Assert.Null(results["off"].Payload);
    }

    [Fact]
    public void Inactive_and_deleted_flags_are_not_returned_and_keys_restrict_output()
    {
        var definitions = Definitions.Flags(
            """{"id":1,"key":"a","active":true,"filters":{"groups":[{"rollout_percentage":100}]}}""",
            """{"id":2,"key":"b","active":false,"filters":{"groups":[{"rollout_percentage":100}]}}""",
            """{"id":3,"key":"c","active":true,"deleted":true,"filters":{"groups":[{"rollout_percentage":100}]}}""",
            """{"id":4,"key":"d","active":true,"filters":{"groups":[{"rollout_percentage":100}]}}""");
        Assert.Equal(["a", "d"], FlagEvaluator.Evaluate(definitions, Definitions.Person("u")).Keys.Order());
        Assert.Equal(["d"], FlagEvaluator.Evaluate(definitions, Definitions.Person("u"), ["d", "b", "missing"]).Keys);
    }

    [Fact]
    public void Group_flags_hash_the_group_key_and_need_the_group()
    {
        var definitions = Definitions.Flags("""
            {"id":1,"key":"simple-flag","active":true,"filters":{"aggregation_group_type_index":0,"groups":[
              {"properties":[{"key":"tier","type":"group","group_type_index":0,"value":"gold"}],"rollout_percentage":45}]}}
            """);
        var noGroup = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("distinct_id_1"), "simple-flag")!;
        Assert.Equal((false, "no_group_type"), (noGroup.Enabled, noGroup.Reason.Code));

        EvaluationContext For(string key) => new()
        {
            DistinctId = "someone-else",
            Groups = new Dictionary<string, string> { ["company"] = key },
            GroupProperties = new Dictionary<string, IReadOnlyDictionary<string, JsonElement>> { ["company"] = Definitions.Properties("""{"tier":"Gold"}""") },
        };
        // Same vector as simple-flag: the group key is bucketed exactly like a distinct id.
        Assert.True(FlagEvaluator.EvaluateFlag(definitions, For("distinct_id_1"), "simple-flag")!.Enabled);
        Assert.False(FlagEvaluator.EvaluateFlag(definitions, For("distinct_id_0"), "simple-flag")!.Enabled);
    }

    [Fact]
    public void Super_group_decides_outright_when_its_property_is_present()
    {
        var definitions = Definitions.Flags("""
            {"id":1,"key":"beta","active":true,"filters":{
              "super_groups":[{"properties":[{"key":"$feature_enrollment/beta","type":"person","operator":"exact","value":["true"]}],"rollout_percentage":100}],
              "groups":[{"properties":[],"rollout_percentage":100}],
              "payloads":{"true":"p"}}}
            """);
        var enrolled = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u", """{"$feature_enrollment/beta":true}"""), "beta")!;
        Assert.Equal((true, "super_condition_value", (int?)0, (string?)null), (enrolled.Enabled, enrolled.Reason.Code, enrolled.Reason.ConditionIndex, enrolled.Variant));
        Assert.Equal("p", enrolled.Payload!.Value.GetString());

        var optedOut = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u", """{"$feature_enrollment/beta":false}"""), "beta")!;
        Assert.Equal((false, "super_condition_value"), (optedOut.Enabled, optedOut.Reason.Code));

        var unknown = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u"), "beta")!;
        Assert.Equal((true, "condition_match"), (unknown.Enabled, unknown.Reason.Code));
    }

    [Fact]
    public void Feature_enrollment_uses_the_flag_keyed_property()
    {
        var definitions = Definitions.Flags("""
            {"id":1,"key":"beta","active":true,"filters":{"feature_enrollment":true,"groups":[{"properties":[],"rollout_percentage":0}]}}
            """);
        Assert.True(FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u", """{"$feature_enrollment/beta":"true"}"""), "beta")!.Enabled);
        var optedOut = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u", """{"$feature_enrollment/beta":false}"""), "beta")!;
        Assert.Equal((false, "super_condition_value"), (optedOut.Enabled, optedOut.Reason.Code));
        Assert.Equal("out_of_rollout_bound", FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u"), "beta")!.Reason.Code);
    }

    [Fact]
    public void Newer_holdout_form_names_the_variant_after_the_holdout_id()
    {
        var definitions = Definitions.Flags($$$"""
            {"id":1,"key":"exp","active":true,"filters":{"holdout":{"id":42,"exclusion_percentage":100},
              "groups":[{"properties":[],"rollout_percentage":100}], {{{Variants}}}}}
            """);
        var result = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u"), "exp")!;
        Assert.Equal((true, "holdout-42", "holdout_condition_value", (int?)null), (result.Enabled, result.Variant, result.Reason.Code, result.Reason.ConditionIndex));
    }

    [Fact]
    public void Holdout_takes_its_share_before_conditions()
    {
        var definitions = Definitions.Flags($$$"""
            {"id":1,"key":"exp","active":true,"filters":{
              "holdout_groups":[{"properties":[],"rollout_percentage":30,"variant":"holdout-7"}],
              "groups":[{"properties":[],"rollout_percentage":100}], {{{Variants}}}}}
            """);
        var held = 0;
        for (var i = 0; i < 200; i++)
        {
            var id = $"user-{i}";
            var result = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person(id), "exp")!;
            var inHoldout = FlagHash.ForHoldout(id) <= 0.30;
            Assert.Equal(inHoldout, result.Reason.Code == "holdout_condition_value");
            if (inHoldout)
            {
                held++;
                Assert.Equal((true, "holdout-7"), (result.Enabled, result.Variant));
            }
            else
            {
                Assert.Contains(result.Variant, new[] { "control", "test" });
            }
        }
        Assert.InRange(held, 30, 90);
    }

    [Fact]
    public void Holdout_with_property_filters_never_matches()
    {
        var definitions = Definitions.Flags("""
            {"id":1,"key":"exp","active":true,"filters":{
              "holdout_groups":[{"properties":[{"key":"x","value":"y"}],"rollout_percentage":100,"variant":"holdout-1"}],
              "groups":[{"properties":[],"rollout_percentage":100}]}}
            """);
        var result = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u", """{"x":"y"}"""), "exp")!;
        Assert.Equal("condition_match", result.Reason.Code);
    }

    [Fact]
    public void Variant_lookup_walks_cumulative_bounds()
    {
        var definitions = Definitions.Flags("""
            {"id":1,"key":"test-flag","active":true,"filters":{"groups":[{"rollout_percentage":100}],
             "multivariate":{"variants":[{"key":"a","rollout_percentage":56},{"key":"b","rollout_percentage":44}]}}}
            """);
        // variant hash of user-1 is 0.5657896835: just past a's 56 % bound.
        Assert.Equal("b", FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("user-1"), "test-flag")!.Variant);
    }
}
