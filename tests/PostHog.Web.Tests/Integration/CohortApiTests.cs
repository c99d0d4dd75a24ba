using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PostHog.Web.Tests.Integration;

[Collection(WebApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CohortApiTests(WebApiFixture fixture)
{
    private HttpClient Admin => fixture.ClientWithKey(WebApiFixture.DefaultKey);

    [Fact]
    public async Task A_property_cohort_is_created_listed_updated_used_by_a_flag_and_deleted()
    {
        var api = Admin;
        var cohort = await api.OkAsync("POST", "/api/projects/@current/cohorts/", """
            {"name":"Paying users","description":"plan is set",
             "filters":{"properties":{"type":"OR","values":[{"type":"AND","values":[{"key":"plan","type":"person","value":["pro","team"],"operator":"exact"}]}]}}}
            """, HttpStatusCode.Created);
        var id = cohort["id"]!.GetValue<int>();
        Assert.Equal(("Paying users", false, "person_property"), (cohort["name"]!.GetValue<string>(), cohort["is_static"]!.GetValue<bool>(), cohort["cohort_type"]!.GetValue<string>()));
        Assert.Equal("admin@localhost", cohort["created_by"]!["email"]!.GetValue<string>());

        var list = await api.OkAsync("GET", "/api/projects/1/cohorts/?search=paying");
        Assert.Equal(1, list["count"]!.GetValue<int>());
        var updated = await api.OkAsync("PATCH", $"/api/projects/1/cohorts/{id}/", """{"name":"Paying customers"}""");
        Assert.Equal("Paying customers", updated["name"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(cohort["filters"], updated["filters"]));

        var flag = await api.OkAsync("POST", "/api/projects/1/feature_flags/", """{"key":"for-paying","filters":{"groups":[{"properties":[{"key":"id","type":"cohort","value":""" + id + ""","operator":"in"}],"rollout_percentage":100}]}}""", HttpStatusCode.Created);
        Assert.Equal(id, flag["filters"]!["groups"]![0]!["properties"]![0]!["value"]!.GetValue<int>());

        var (status, body) = await api.SendAsync("PATCH", $"/api/projects/1/cohorts/{id}/", """{"filters":{"props":[]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(ApiCalls.Error("validation_error", "invalid_filters", "Filters must be a dictionary with a 'properties' key.", "filters"), body!.ToJsonString());
        (status, body) = await api.SendAsync("PATCH", $"/api/projects/1/cohorts/{id}/", """{"filters":{"properties":{"type":"AND","values":[{"key":"id","type":"cohort","value":""" + id + """}]}}}""");
        Assert.Equal("Cohorts cannot reference themselves.", body!["detail"]!.GetValue<string>());

        Assert.True((await api.OkAsync("PATCH", $"/api/projects/1/cohorts/{id}/", """{"deleted":true}"""))["deleted"]!.GetValue<bool>());
        Assert.Equal(0, (await api.OkAsync("GET", "/api/projects/1/cohorts/?search=paying"))["count"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync("DELETE", $"/api/projects/1/cohorts/{id}/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync("GET", "/api/projects/1/cohorts/99999/")).Status);
    }

    [Fact]
    public async Task A_flag_cannot_target_a_cohort_that_filters_on_events()
    {
        var api = Admin;
        var behavioural = await api.OkAsync("POST", "/api/projects/1/cohorts/", """
            {"name":"Signed up lately","filters":{"properties":{"type":"AND","values":[
              {"key":"$signup","type":"behavioral","value":"performed_event","event_type":"events","time_value":7,"time_interval":"day"}]}}}
            """, HttpStatusCode.Created);
        Assert.Equal("behavioral", behavioural["cohort_type"]!.GetValue<string>());
        var (status, body) = await api.SendAsync("POST", "/api/projects/1/feature_flags/", $$$"""
            {"key":"for-new","filters":{"groups":[{"properties":[{"key":"id","type":"cohort","value":{{{behavioural["id"]}}}}]}]}}
            """);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(ApiCalls.Error("validation_error", "behavioral_cohort_found", "Cohort 'Signed up lately' with filters on events cannot be used in feature flags.", "filters"), body!.ToJsonString());
    }

    [Fact]
    public async Task Static_cohorts_take_members_by_csv_person_ids_and_distinct_ids()
    {
        var api = Admin;
        var people = new Dictionary<string, Guid>();
        foreach (var distinctId in new[] { "csv-1", "csv-2", "uuid-3", "json-4" })
        {
            var uuid = Guid.CreateVersion7();
            people[distinctId] = uuid;
            await fixture.ExecuteAsync("""
                WITH p AS (INSERT INTO posthog_person (uuid, team_id, created_at, properties) VALUES ($1, 1, now(), jsonb_build_object('email', $2 || '@example.com')) RETURNING id)
                INSERT INTO posthog_persondistinctid (team_id, person_id, distinct_id) SELECT 1, id, $2 FROM p
                """, uuid, distinctId);
        }

        // PostHog's CSV upload: multipart with fields and a "csv" file (no header: distinct ids or emails).
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Beta testers"), "name" },
            { new StringContent("true"), "is_static" },
        };
        var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("csv-1\ncsv-2@example.com\nnobody\n"));
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(csv, "csv", "people.csv");
        using var response = await api.PostAsync("/api/projects/1/cohorts/", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var cohort = JsonNode.Parse(text)!;
        var id = cohort["id"]!.GetValue<int>();
        Assert.Equal((true, 2, "static"), (cohort["is_static"]!.GetValue<bool>(), cohort["count"]!.GetValue<int>(), cohort["cohort_type"]!.GetValue<string>()));

        var added = await api.OkAsync("PATCH", $"/api/projects/1/cohorts/{id}/add_persons_to_static_cohort/", $$"""{"person_ids":["{{people["uuid-3"]}}"]}""");
        Assert.Equal(1, added["added"]!.GetValue<int>());
        await api.OkAsync("PATCH", $"/api/projects/1/cohorts/{id}/add_persons_to_static_cohort/", """{"distinct_ids":["json-4","csv-1"]}""");
        Assert.Equal(4L, await fixture.ScalarAsync<long>("SELECT count(*) FROM posthog_cohortpeople WHERE cohort_id = $1", id));
        Assert.Equal(4, (await api.OkAsync("GET", $"/api/projects/1/cohorts/{id}/"))["count"]!.GetValue<int>());

        var persons = await api.OkAsync("GET", $"/api/projects/1/cohorts/{id}/persons/?limit=3");
        Assert.Equal(4, persons["count"]!.GetValue<int>());
        Assert.Equal(3, persons["results"]!.AsArray().Count);
        Assert.NotNull(persons["next"]);

        await api.OkAsync("PATCH", $"/api/projects/1/cohorts/{id}/remove_person_from_static_cohort/", $$"""{"person_id":"{{people["csv-2"]}}"}""");
        Assert.Equal(3, (await api.OkAsync("GET", $"/api/projects/1/cohorts/{id}/"))["count"]!.GetValue<int>());

        var (status, body) = await api.SendAsync("PATCH", $"/api/projects/1/cohorts/{id}/add_persons_to_static_cohort/", """{"person_ids":["not-a-uuid"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(ApiCalls.Error("validation_error", "invalid", "'not-a-uuid' is not a valid UUID.", "person_ids"), body!.ToJsonString());

        // A flag targeting the static cohort is accepted (Decide answers membership from posthog_cohortpeople).
        await api.OkAsync("POST", "/api/projects/1/feature_flags/", $$$"""
            {"key":"beta-testers","filters":{"groups":[{"properties":[{"key":"id","type":"cohort","value":{{{id}}}}]}]}}
            """, HttpStatusCode.Created);
    }
}
