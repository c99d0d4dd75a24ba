namespace PostHog.Flags.Tests;

/// <summary>Evaluations reuse immutable results and may skip the dictionary; neither may change an answer.</summary>
public class ResultReuseTests
{
    private static readonly string[] Flags =
    [
        """{"id":1,"key":"rollout","active":true,"filters":{"groups":[{"rollout_percentage":40}]}}""",
        """{"id":2,"key":"plan","active":true,"filters":{"groups":[{"properties":[{"key":"plan","value":["pro"],"type":"person"}]},{"rollout_percentage":30}]}}""",
        """{"id":3,"key":"multi","active":true,"version":2,"name":"m","filters":{"groups":[{"rollout_percentage":80}],"multivariate":{"variants":[{"key":"a","rollout_percentage":30},{"key":"b","rollout_percentage":30},{"key":"c","rollout_percentage":40}]},"payloads":{"a":"{\"x\":1}","c":[1]}}}""",
        """{"id":4,"key":"held","active":true,"filters":{"holdout":{"id":9,"exclusion_percentage":30},"groups":[{"rollout_percentage":50}],"payloads":{"holdout-9":"h"}}}""",
        """{"id":5,"key":"dependent","active":true,"filters":{"groups":[{"properties":[{"key":"3","type":"flag","value":"b","operator":"flag_evaluates_to"}]}]}}""",
        """{"id":6,"key":"inactive","active":false,"filters":{"groups":[{"rollout_percentage":100}]}}""",
    ];

    private static string Describe(FlagResult r) =>
        $"{r.Key}|{r.Enabled}|{r.Variant}|{r.Reason.Code}|{r.Reason.ConditionIndex}|{r.Reason.Description}|{r.Payload?.GetRawText()}|{r.Id}|{r.Version}|{r.Description}";

    [Fact]
    public void Reused_definitions_answer_like_fresh_ones_and_the_list_matches_the_dictionary()
    {
        var warm = Definitions.Flags(Flags);
        for (var i = 0; i < 500; i++)
        {
            var context = Definitions.Person($"user-{i}", i % 2 == 0 ? """{"plan":"pro"}""" : """{"plan":"free"}""");
            var fresh = FlagEvaluator.Evaluate(Definitions.Flags(Flags), context).Values.Select(Describe).ToArray();
            Assert.Equal(fresh, FlagEvaluator.Evaluate(warm, context).Values.Select(Describe).ToArray());
            Assert.Equal(fresh, FlagEvaluator.EvaluateInOrder(warm, context).Select(Describe).ToArray());
        }
    }

    [Fact]
    public void The_list_keeps_the_requested_order_once_per_key_and_skips_unknown_and_inactive_keys()
    {
        var definitions = Definitions.Flags(Flags);
        var context = Definitions.Person("user-1");
        string[] keys = ["multi", "missing", "rollout", "multi", "inactive", "dependent"];
        Assert.Equal(
            FlagEvaluator.Evaluate(definitions, context, keys).Values.Select(Describe),
            FlagEvaluator.EvaluateInOrder(definitions, context, keys).Select(Describe));
        Assert.Equal(["multi", "rollout", "dependent"], FlagEvaluator.EvaluateInOrder(definitions, context, keys).Select(r => r.Key));
    }
}
