namespace PostHog.Flags.Tests;

public class CohortTests
{
    // Cohort 7: (email icontains @posthog.com AND NOT country = DE) OR (plan in [pro, enterprise] AND in cohort 8)
    // Cohort 8: age >= 18.   Cohort 99 is static (not shipped as properties).
    private static readonly string CohortsJson = """
        "cohorts":{
          "7":{"type":"OR","values":[
            {"type":"AND","values":[
              {"key":"email","type":"person","operator":"icontains","value":"@posthog.com"},
              {"key":"country","type":"person","operator":"exact","value":["DE"],"negation":true}]},
            {"type":"AND","values":[
              {"key":"plan","type":"person","operator":"exact","value":["pro","enterprise"]},
              {"key":"id","type":"cohort","operator":"in","value":8}]}]},
          "8":{"type":"AND","values":[{"key":"age","type":"person","operator":"gte","value":18}]}}
        """;

    private static string FlagOn(string cohortFilter) => $$$"""
        {"flags":[{"id":1,"key":"f","active":true,"filters":{"groups":[{"properties":[{{{cohortFilter}}}],"rollout_percentage":100}]}}],
         "group_type_mapping":{}, {{{CohortsJson}}}}
        """;

    private static FlagResult Evaluate(string cohortFilter, string properties, EvaluationMode mode = EvaluationMode.Server, IReadOnlySet<long>? cohorts = null)
    {
        var definitions = Definitions.Of(FlagOn(cohortFilter));
        var context = new EvaluationContext { DistinctId = "u", PersonProperties = Definitions.Properties(properties), Mode = mode, Cohorts = cohorts };
        return FlagEvaluator.EvaluateFlag(definitions, context, "f")!;
    }

    private const string InSeven = """{"key":"id","type":"cohort","operator":"in","value":7}""";

    [Theory]
    [InlineData("""{"email":"a@posthog.com","country":"US"}""", true)]
    [InlineData("""{"email":"a@posthog.com","country":"de"}""", false)]
    [InlineData("""{"email":"a@posthog.com"}""", true)]
    [InlineData("""{"email":"a@example.com","plan":"Pro","age":30}""", true)]
    [InlineData("""{"email":"a@example.com","plan":"pro","age":12}""", false)]
    [InlineData("""{"email":"a@example.com","plan":"free","age":30}""", false)]
    public void Nested_property_cohorts_follow_and_or_and_negation(string properties, bool expected) =>
        Assert.Equal(expected, Evaluate(InSeven, properties).Enabled);

    [Fact]
    public void Not_in_inverts_the_cohort()
    {
        const string notIn = """{"key":"id","type":"cohort","operator":"not_in","value":"7"}""";
        Assert.False(Evaluate(notIn, """{"email":"a@posthog.com"}""").Enabled);
        Assert.True(Evaluate(notIn, """{"email":"a@example.com"}""").Enabled);
    }

    [Fact]
    public void Local_evaluation_is_inconclusive_only_when_nothing_decides_the_group()
    {
        // The first OR branch decides: no server round-trip needed.
        Assert.True(Evaluate(InSeven, """{"email":"a@posthog.com","country":"US"}""", EvaluationMode.Local).Enabled);
        // Nothing known: inconclusive.
        Assert.True(Evaluate(InSeven, """{}""", EvaluationMode.Local).IsInconclusive);
    }

    [Fact]
    public void Static_cohorts_use_the_persons_memberships()
    {
        const string inStatic = """{"key":"id","type":"cohort","operator":"in","value":99}""";
        Assert.True(Evaluate(inStatic, "{}", cohorts: new HashSet<long> { 99 }).Enabled);
        Assert.False(Evaluate(inStatic, "{}", cohorts: new HashSet<long> { 5 }).Enabled);
        Assert.False(Evaluate(inStatic, "{}").Enabled);
        Assert.True(Evaluate(inStatic, "{}", EvaluationMode.Local).IsInconclusive);
    }

    [Fact]
    public void Known_membership_wins_over_property_evaluation()
    {
        Assert.True(Evaluate(InSeven, """{"email":"a@example.com"}""", cohorts: new HashSet<long> { 7 }).Enabled);
        Assert.True(Evaluate(InSeven, """{"email":"a@posthog.com"}""", cohorts: new HashSet<long>()).Enabled);
    }

    [Fact]
    public void Bad_cohort_value_is_no_match()
    {
        Assert.False(Evaluate("""{"key":"id","type":"cohort","operator":"in","value":"seven"}""", """{"email":"a@posthog.com"}""").Enabled);
    }

    [Fact]
    public void Self_referencing_cohort_does_not_overflow()
    {
        var definitions = Definitions.Of("""
            {"flags":[{"id":1,"key":"f","active":true,"filters":{"groups":[{"properties":[{"key":"id","type":"cohort","value":3}]}]}}],
             "cohorts":{"3":{"type":"AND","values":[{"key":"id","type":"cohort","operator":"in","value":3}]}}}
            """);
        Assert.False(FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("u"), "f")!.Enabled);
    }
}
