using System.Text.Json.Nodes;

namespace PostHog.Web.Projects;

/// <summary>A project (PostHog team / environment) as the API shows it.</summary>
public sealed record ApiTeam(
    long Id,
    Guid Uuid,
    Guid OrganizationId,
    long ProjectId,
    string ApiToken,
    string Name,
    string Timezone,
    bool AnonymizeIps,
    bool IngestedEvent,
    string[] AppUrls,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>PostHog's basic team/project fields, as in <c>/api/projects/</c> lists and <c>/api/users/@me/</c>.</summary>
    public JsonObject ToBasicJson() => new()
    {
        ["id"] = Id,
        ["uuid"] = Uuid.ToString(),
        ["organization"] = OrganizationId.ToString(),
        ["project_id"] = ProjectId,
        ["api_token"] = ApiToken,
        ["name"] = Name,
        ["completed_snippet_onboarding"] = IngestedEvent,
        ["has_completed_onboarding_for"] = null,
        ["ingested_event"] = IngestedEvent,
        ["is_demo"] = false,
        ["timezone"] = Timezone,
        ["access_control"] = false,
    };

    /// <summary>The detail view: basic fields plus the settings this platform stores.</summary>
    public JsonObject ToDetailJson()
    {
        var json = ToBasicJson();
        json["created_at"] = CreatedAt;
        json["updated_at"] = UpdatedAt;
        json["anonymize_ips"] = AnonymizeIps;
        json["app_urls"] = new JsonArray([.. AppUrls.Select(u => (JsonNode?)u)]);
        json["effective_membership_level"] = null;
        return json;
    }
}
