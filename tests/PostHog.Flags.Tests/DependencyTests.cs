namespace PostHog.Flags.Tests;

public class DependencyTests
{
    private static string DependsOn(int id, string key, string target, string value) => $$$"""
        {"id":{{{id}}},"key":"{{{key}}}","active":true,"filters":{"groups":[{"properties":[
          {"key":"{{{target}}}","type":"flag","operator":"flag_evaluates_to","value":{{{value}}},"dependency_chain":[]}],"rollout_percentage":100}]}}
        """;

    [Fact]
    public void Dependencies_resolve_by_id_or_key_and_compare_enabled_or_variant()
    {
        var definitions = Definitions.Flags(
            """{"id":10,"key":"base","active":true,"filters":{"groups":[{"properties":[{"key":"plan","value":"pro"}]}],"multivariate":{"variants":[{"key":"only","rollout_percentage":100}]}}}""",
            DependsOn(11, "needs-base", "10", "true"),
            DependsOn(12, "needs-variant", "base", "\"only\""),
            DependsOn(13, "needs-off", "base", "false"),
            DependsOn(14, "needs-other-variant", "10", "\"other\""),
            DependsOn(15, "string-true", "10", "\"true\""));
        var pro = FlagEvaluator.Evaluate(definitions, Definitions.Person("u", """{"plan":"pro"}"""));
        Assert.True(pro["needs-base"].Enabled);
        Assert.True(pro["needs-variant"].Enabled);
        Assert.False(pro["needs-off"].Enabled);
        Assert.False(pro["needs-other-variant"].Enabled);
        // A string value is always a variant name, even "true" (Rust match_flag_value_to_flag_filter).
        Assert.False(pro["string-true"].Enabled);

        var free = FlagEvaluator.Evaluate(definitions, Definitions.Person("u", """{"plan":"free"}"""));
        Assert.False(free["needs-base"].Enabled);
        Assert.True(free["needs-off"].Enabled);
    }

    [Fact]
    public void Dependency_on_an_inactive_flag_sees_it_disabled()
    {
        var definitions = Definitions.Flags(
            """{"id":1,"key":"off","active":false,"filters":{"groups":[{"rollout_percentage":100}]}}""",
            DependsOn(2, "child", "off", "false"));
        Assert.True(FlagEvaluator.Evaluate(definitions, Definitions.Person("u"))["child"].Enabled);
    }

    [Fact]
    public void Cycles_evaluate_to_false_with_a_reason_and_dependents_of_cycles_still_evaluate()
    {
        var definitions = Definitions.Flags(
            DependsOn(1, "a", "b", "true"),
            DependsOn(2, "b", "c", "true"),
            DependsOn(3, "c", "a", "true"),
            DependsOn(4, "self", "self", "true"),
            DependsOn(5, "watcher", "a", "false"));
        var results = FlagEvaluator.Evaluate(definitions, Definitions.Person("u"));
        foreach (var key in new[] { "a", "b", "c", "self" })
            Assert.Equal((false, FlagReason.DependencyCycle), (results[key].Enabled, results[key].Reason.Code));
        Assert.True(results["watcher"].Enabled);

        var local = FlagEvaluator.Evaluate(definitions, Definitions.Person("u", mode: EvaluationMode.Local));
        Assert.True(local["a"].IsInconclusive);
        Assert.True(local["watcher"].IsInconclusive);
    }

    [Fact]
    public void Long_dependency_chain_does_not_overflow()
    {
        var flags = new List<string> { """{"id":1,"key":"f1","active":true,"filters":{"groups":[{"rollout_percentage":100}]}}""" };
        for (var i = 2; i <= 2000; i++) flags.Add(DependsOn(i, $"f{i}", $"f{i - 1}", "true"));
        var definitions = Definitions.Flags([.. flags]);
        Assert.True(FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u"), "f2000")!.Enabled);
    }

    [Fact]
    public void Unknown_dependency_is_false_on_the_server_and_inconclusive_locally()
    {
        var definitions = Definitions.Flags(DependsOn(1, "orphan", "999", "true"));
        Assert.False(FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u"), "orphan")!.Enabled);
        Assert.True(FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u", mode: EvaluationMode.Local), "orphan")!.IsInconclusive);
    }
}
