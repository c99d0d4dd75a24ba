using System.Text.Json.Nodes;
using PostHog.Web.Api;
using PostHog.Web.FeatureFlags;

namespace PostHog.Web.Tests;

public sealed class FlagFiltersValidatorTests
{
    private static JsonObject Filters(string json) => JsonNode.Parse(json)!.AsObject();

    private static ApiError Rejects(string json, bool creating = true) =>
        Assert.Throws<ApiError>(() => FlagFiltersValidator.Validate(Filters(json), creating));

    [Fact]
    public void A_person_property_condition_with_rollout_is_valid()
    {
        var references = FlagFiltersValidator.Validate(Filters("""
            {"groups":[{"properties":[{"key":"email","type":"person","value":"@posthog.com","operator":"icontains"}],"rollout_percentage":50}]}
            """), creating: true);
        Assert.Empty(references.CohortIds);
        Assert.Empty(references.FlagDependencies);
    }

    [Fact]
    public void Variants_must_sum_to_100()
    {
        var error = Rejects("""
            {"groups":[{"properties":[],"rollout_percentage":100}],
             "multivariate":{"variants":[{"key":"a","rollout_percentage":50},{"key":"b","rollout_percentage":40}]}}
            """);
        Assert.Equal(400, error.Status);
        Assert.Equal("validation_error", error.Type);
        Assert.Equal("filters", error.Attr);
        Assert.Equal("Invalid variant definitions: Variant rollout percentages must sum to 100.", error.Detail);
    }

    [Fact]
    public void A_variant_override_must_name_a_variant()
    {
        var error = Rejects("""
            {"groups":[{"properties":[],"variant":"c"}],
             "multivariate":{"variants":[{"key":"a","rollout_percentage":50},{"key":"b","rollout_percentage":50}]}}
            """);
        Assert.Equal("Filters are not valid (variant override does not exist)", error.Detail);
    }

    [Fact]
    public void Creating_needs_at_least_one_condition_set_but_updating_does_not()
    {
        Assert.Equal("Feature flags must have at least one condition set (group).", Rejects("""{"groups":[]}""").Detail);
        FlagFiltersValidator.Validate(Filters("""{"groups":[]}"""), creating: false);
    }

    [Theory]
    [InlineData("""{"groups":[{"properties":[{"key":"x","type":"event","value":"1"}]}]}""", "Filters are not valid (can only use person, cohort, and flag properties)")]
    [InlineData("""{"groups":[{"properties":[{"key":"x","type":"person","value":"1","operator":"bogus"}]}]}""", "Invalid operator 'bogus' for property 'x'.")]
    [InlineData("""{"groups":[{"properties":[{"key":"x","type":"person","value":1,"operator":"regex"}]}]}""", "Invalid value for operator regex: 1")]
    [InlineData("""{"groups":[{"properties":[{"key":"x","type":"person","value":"soon","operator":"is_date_before"}]}]}""", "Invalid date value: \"soon\"")]
    [InlineData("""{"groups":[{"properties":[{"key":"x","type":"person","value":[1],"operator":"in"}]}]}""", "The 'in' operator is only valid for cohort properties, not 'person' properties.")]
    [InlineData("""{"groups":[{"properties":[{"key":"7","type":"flag","value":true,"operator":"exact"}]}]}""", "Flag properties must use the 'flag_evaluates_to' operator")]
    [InlineData("""{"aggregation_group_type_index":0,"groups":[{"properties":[{"key":"plan","type":"person","value":"pro"}]}]}""", "Filters are not valid (can only use group properties)")]
    [InlineData("""{"groups":[{"properties":[],"rollout_percentage":150}]}""", "Rollout percentage must be between 0 and 100.")]
    [InlineData("""{"groups":[{"properties":[],"rollout_percentage":"half"}]}""", "Filters are not valid (groups[0].rollout_percentage: wrong type)")]
    [InlineData("""{"groups":"all"}""", "Filters are not valid (groups: wrong type)")]
    [InlineData("""{"groups":[{"properties":[]}],"payloads":{"false":"1"}}""", "Payload keys must be 'true' for boolean flags")]
    [InlineData("""{"groups":[{"properties":[]}],"payloads":{"true":"{not json"}}""", "Payload value is not valid JSON")]
    [InlineData("""{"groups":[{"properties":[]}],"payloads":[1]}""", "Payloads must be passed as a dictionary")]
    public void Filters_PostHog_rejects_are_400s_on_filters(string json, string detail)
    {
        var error = Rejects(json);
        Assert.Equal(detail, error.Detail);
        Assert.Equal("filters", error.Attr);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void Relative_and_absolute_dates_are_accepted()
    {
        FlagFiltersValidator.Validate(Filters("""
            {"groups":[{"properties":[{"key":"signup","type":"person","value":"-30d","operator":"is_date_after"},
                                      {"key":"signup","type":"person","value":"2024-01-01","operator":"is_date_before"}]}]}
            """), creating: true);
    }

    [Fact]
    public void Object_payloads_become_json_text_as_PostHog_stores_them()
    {
        var filters = Filters("""
            {"groups":[{"properties":[]}],"multivariate":{"variants":[{"key":"a","rollout_percentage":100}]},"payloads":{"a":{"color":"red"}}}
            """);
        FlagFiltersValidator.Validate(filters, creating: true);
        Assert.Equal("""{"color":"red"}""", filters["payloads"]!["a"]!.GetValue<string>());
        Assert.Equal("Payload keys must match a variant key for multivariate flags", Rejects("""
            {"groups":[{"properties":[]}],"multivariate":{"variants":[{"key":"a","rollout_percentage":100}]},"payloads":{"true":"1"}}
            """).Detail);
    }

    [Fact]
    public void Cohort_and_flag_references_are_collected_for_the_database_checks()
    {
        var references = FlagFiltersValidator.Validate(Filters("""
            {"groups":[{"properties":[{"key":"id","type":"cohort","value":12,"operator":"in"},
                                      {"key":"5","type":"flag","value":true,"operator":"flag_evaluates_to"}]}]}
            """), creating: true);
        Assert.Equal([12L], references.CohortIds);
        Assert.Equal(["5"], references.FlagDependencies);
    }

    [Fact]
    public void Group_flags_use_group_properties_of_their_type()
    {
        FlagFiltersValidator.Validate(Filters("""
            {"aggregation_group_type_index":1,"groups":[{"properties":[{"key":"plan","type":"group","group_type_index":1,"value":"pro"}],"rollout_percentage":20}]}
            """), creating: true);
    }
}
