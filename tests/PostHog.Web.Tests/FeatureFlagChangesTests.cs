using System.Text.Json.Nodes;
using PostHog.Web.Api;
using PostHog.Web.FeatureFlags;

namespace PostHog.Web.Tests;

public sealed class FeatureFlagChangesTests
{
    private static FeatureFlagChanges Parse(string json, string method = "POST") => FeatureFlagChanges.Parse(JsonNode.Parse(json)!.AsObject(), method);

    [Theory]
    [InlineData("""{"name":"x"}""", "required", "This field is required.")]
    [InlineData("""{"key":""}""", "blank", "This field may not be blank.")]
    [InlineData("""{"key":"has space"}""", "invalid_key", "Only letters, numbers, hyphens (-) & underscores (_) are allowed.")]
    [InlineData("""{"key":{"a":1}}""", "invalid", "Not a valid string.")]
    public void The_key_is_checked_as_PostHog_does(string json, string code, string detail)
    {
        var error = Assert.Throws<ApiError>(() => Parse(json));
        Assert.Equal(("key", code, detail), (error.Attr, error.Code, error.Detail));
    }

    [Fact]
    public void A_create_without_filters_rolls_out_the_legacy_percentage_as_one_condition_set()
    {
        var changes = Parse("""{"key":"beta","rollout_percentage":30}""");
        Assert.Equal("""{"groups":[{"properties":[],"rollout_percentage":30}]}""", changes.Filters!.ToJsonString());
        Assert.Equal("""{"groups":[{"properties":[],"rollout_percentage":null}]}""", Parse("""{"key":"all"}""").Filters!.ToJsonString());
    }

    [Fact]
    public void A_patch_only_carries_what_was_sent_and_ignores_filters_without_groups()
    {
        var changes = Parse("""{"active":"false","filters":{"payloads":{}}}""", "PATCH");
        Assert.Null(changes.Key);
        Assert.Null(changes.Filters);
        Assert.False(changes.Active);
        Assert.Null(changes.Deleted);
    }

    [Theory]
    [InlineData("""{"key":"k","active":"maybe"}""", "active", "Must be a valid boolean.")]
    [InlineData("""{"key":"k","filters":"nope"}""", "filters", "Expected a dictionary of items but got type \"str\".")]
    [InlineData("""{"key":"k","evaluation_runtime":"edge"}""", "evaluation_runtime", "\"edge\" is not a valid choice.")]
    [InlineData("""{"key":"k","tags":"a"}""", "tags", "Expected a list of items but got type \"str\".")]
    public void Wrong_types_are_400s_naming_the_field(string json, string attr, string detail)
    {
        var error = Assert.Throws<ApiError>(() => Parse(json));
        Assert.Equal((400, attr, detail), (error.Status, error.Attr, error.Detail));
    }

    [Fact]
    public void A_stale_edit_conflicts_only_on_fields_someone_else_changed()
    {
        var current = new FeatureFlagRow(1, 1, "k", "renamed by someone", [], null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            false, true, false, false, false, "all", [], 3, null, null);
        var renames = Parse("""{"name":"mine","version":2,"original_flag":{"name":"original","active":true}}""", "PATCH");
        Assert.Equal(["name"], renames.ConflictsWith(current));
        var toggles = Parse("""{"active":false,"version":2,"original_flag":{"name":"original","active":true}}""", "PATCH");
        Assert.Empty(toggles.ConflictsWith(current));
    }
}
