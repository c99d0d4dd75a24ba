using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PostHog.Web.Api;
using PostHog.Web.Auth;
using PostHog.Web.Cohorts;

namespace PostHog.Web.Tests;

public sealed class SmallPartsTests
{
    [Theory]
    [InlineData(new[] { "*" }, "feature_flag:write", true)]
    [InlineData(new string[0], "cohort:write", true)]
    [InlineData(new[] { "feature_flag:write" }, "feature_flag:read", true)]
    [InlineData(new[] { "feature_flag:read" }, "feature_flag:write", false)]
    [InlineData(new[] { "cohort:write" }, "feature_flag:read", false)]
    public void Scopes_follow_PostHog(string[] scopes, string required, bool allowed) => Assert.Equal(allowed, ApiScopes.Allows(scopes, required));

    [Fact]
    public void Errors_have_DRFs_shape()
    {
        Assert.Equal("""{"type":"authentication_error","code":"not_authenticated","detail":"Authentication credentials were not provided.","attr":null}""",
            ApiError.NotAuthenticated().ToJson().ToJsonString());
        Assert.Equal("""{"type":"invalid_request","code":"not_found","detail":"Not found.","attr":null}""", ApiError.NotFound().ToJson().ToJsonString());
    }

    [Theory]
    [InlineData("user-1\nuser-2\r\n\nuser-1", CohortStore.MemberKind.DistinctIdOrEmail, new[] { "user-1", "user-2" })]
    [InlineData("distinct_id,name\n\"a,1\",A\nb,B", CohortStore.MemberKind.DistinctId, new[] { "a,1", "b" })]
    [InlineData("name,email\nA,a@x.io", CohortStore.MemberKind.Email, new[] { "a@x.io" })]
    [InlineData("Person-ID\n0191d4a8-0000-7000-8000-000000000001", CohortStore.MemberKind.PersonUuid, new[] { "0191d4a8-0000-7000-8000-000000000001" })]
    [InlineData("", CohortStore.MemberKind.DistinctIdOrEmail, new string[0])]
    public void Cohort_csv_uploads_read_like_PostHogs(string csv, CohortStore.MemberKind kind, string[] values)
    {
        var parsed = CohortCsv.Parse(csv);
        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(values, parsed.Values);
    }

    [Theory]
    [InlineData("""{"properties":{"type":"OR","values":[{"type":"AND","values":[{"key":"email","type":"person","value":"x","operator":"icontains"}]}]}}""", null)]
    [InlineData("""{"props":{}}""", "Filters must be a dictionary with a 'properties' key.")]
    [InlineData("""{"properties":{"type":"XOR","values":[]}}""", "Filters are not valid (group type must be AND or OR, not 'XOR')")]
    [InlineData("""{"properties":{"type":"AND","values":[{"key":"x","type":"event","value":1}]}}""", "Filters are not valid (property type 'event' is not supported in cohorts)")]
    [InlineData("""{"properties":{"type":"AND","values":[{"key":"id","type":"cohort","value":"abc"}]}}""", "Filters are not valid (a cohort filter's value must be a cohort id)")]
    public void Cohort_filters_parse_with_the_flags_model(string json, string? error)
    {
        var filters = JsonNode.Parse(json)!.AsObject();
        if (error is null)
        {
            CohortChanges.Validate(filters);
            return;
        }

        var thrown = Assert.Throws<ApiError>(() => CohortChanges.Validate(filters));
        Assert.Equal((error, "filters"), (thrown.Detail, thrown.Attr));
    }

    [Fact]
    public void Pages_link_to_their_neighbours()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost:8000");
        context.Request.Path = "/api/projects/1/feature_flags/";
        context.Request.QueryString = new QueryString("?limit=2&offset=2&search=beta");
        var page = Page.From(context.Request);
        var json = page.ToJson(context.Request, 5, []);
        Assert.Equal("http://localhost:8000/api/projects/1/feature_flags/?limit=2&offset=4&search=beta", json["next"]!.GetValue<string>());
        Assert.Equal("http://localhost:8000/api/projects/1/feature_flags/?limit=2&offset=0&search=beta", json["previous"]!.GetValue<string>());
        Assert.Null(page.ToJson(context.Request, 4, [])["next"]);
    }
}
