using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PostHog.Flags.Definitions;
using PostHog.Web.Api;
using PostHog.Web.FeatureFlags;

namespace PostHog.Web.Cohorts;

/// <summary>
/// A create or update request for a cohort after field validation. <c>filters.properties</c> must be an AND/OR property
/// group the PostHog.Flags model reads (that is what Decide evaluates); null means "not sent".
/// </summary>
public sealed record CohortChanges
{
    private static readonly HashSet<string> FilterTypes = ["person", "cohort", "behavioral", "group", "static-cohort", "precalculated-cohort", "dynamic-cohort"];

    public string? Name { get; init; }
    public bool NameSent { get; init; }
    public string? Description { get; init; }
    public JsonObject? Filters { get; init; }
    public bool FiltersSent { get; init; }
    public JsonNode? Groups { get; init; }
    public JsonNode? Query { get; init; }
    public bool QuerySent { get; init; }
    public bool? IsStatic { get; init; }
    public bool? Deleted { get; init; }
    public List<long> ReferencedCohorts { get; init; } = [];

    /// <summary>PostHog's <c>_create_static_person_ids</c>: person UUIDs to put in a new static cohort.</summary>
    public List<string>? StaticPersonIds { get; init; }

    public static CohortChanges Parse(JsonObject body)
    {
        var filters = JsonFields.Object(body, "filters", allowNull: true);
        var referenced = new List<long>();
        if (filters is not null) referenced = Validate(filters);
        JsonNode? groups = null;
        if (body.TryGetPropertyValue("groups", out var groupsNode) && groupsNode is not null)
        {
            groups = groupsNode is JsonArray ? groupsNode.DeepClone() : throw ApiError.Validation("Expected a list of items but got type \"" + JsonKinds.Name(groupsNode) + "\".", "groups", "not_a_list");
        }

        return new CohortChanges
        {
            Name = JsonFields.String(body, "name", allowNull: true, maxLength: 400),
            NameSent = body.ContainsKey("name"),
            Description = JsonFields.String(body, "description", maxLength: 1000),
            Filters = filters,
            FiltersSent = body.ContainsKey("filters"),
            Groups = groups,
            Query = body.TryGetPropertyValue("query", out var query) ? query?.DeepClone() : null,
            QuerySent = body.ContainsKey("query"),
            IsStatic = JsonFields.Bool(body, "is_static"),
            Deleted = JsonFields.Bool(body, "deleted"),
            ReferencedCohorts = referenced,
            StaticPersonIds = JsonFields.StringList(body, "_create_static_person_ids"),
        };
    }

    /// <summary>Returns the cohort ids the filters refer to.</summary>
    internal static List<long> Validate(JsonObject filters)
    {
        if (filters["properties"] is not JsonObject properties)
        {
            throw ApiError.Validation("Filters must be a dictionary with a 'properties' key.", "filters", "invalid_filters");
        }

        PropertyGroup group;
        try
        {
            group = properties.Deserialize<PropertyGroup>() ?? throw Invalid("properties must be an object");
        }
        catch (JsonException exception)
        {
            throw Invalid(exception.Path is { Length: > 0 } path ? $"{path.TrimStart('$', '.')}: wrong type" : exception.Message);
        }

        var cohorts = new List<long>();
        Check(group, cohorts);
        return cohorts;
    }

    private static void Check(PropertyGroup group, List<long> cohorts)
    {
        if (group.Type is not ("AND" or "OR")) throw Invalid($"group type must be AND or OR, not '{group.Type}'");
        foreach (var node in group.Values)
        {
            switch (node)
            {
                case PropertyGroup nested:
                    Check(nested, cohorts);
                    break;
                case PropertyFilter filter:
                    var type = filter.Type ?? "person";
                    if (!FilterTypes.Contains(type)) throw Invalid($"property type '{type}' is not supported in cohorts");
                    if (string.IsNullOrEmpty(filter.Key)) throw Invalid("every property needs a key");
                    if (type == "cohort")
                    {
                        var id = filter.Value switch
                        {
                            { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var number) => number,
                            { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
                            _ => throw Invalid("a cohort filter's value must be a cohort id"),
                        };
                        cohorts.Add(id);
                    }

                    break;
            }
        }
    }

    private static ApiError Invalid(string detail) => ApiError.Validation($"Filters are not valid ({detail})", "filters", "invalid_filters");
}
