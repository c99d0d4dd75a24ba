using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using PostHog.Decide.Responses;
using PostHog.Flags;
using PostHog.Flags.Definitions;

namespace PostHog.Decide.Definitions;

/// <summary>
/// One version of a team's flags, group types and property cohorts: the parsed model the evaluator keeps compiled,
/// the two /flags/definitions bodies with their ETags, and what a request must fetch from Postgres to evaluate them.
/// Built from the cache envelope <c>{loaded_at, team_id, flags, group_type_mapping, cohorts}</c> stored in Redis.
/// </summary>
public sealed class TeamDefinitions
{
    public required long TeamId { get; init; }
    public required DateTimeOffset LoadedAt { get; init; }
    public required string Envelope { get; init; }
    public required FlagDefinitions Flags { get; init; }
    public required byte[] BodyWithCohorts { get; init; }
    public required byte[] BodyWithoutCohorts { get; init; }
    public required string ETagWithCohorts { get; init; }
    public required string ETagWithoutCohorts { get; init; }
    public required DatabaseNeeds Needs { get; init; }

    /// <summary>Each flag's constant answer parts, encoded once for this version (by key; the first non-deleted flag of a key, as the evaluator).</summary>
    public required IReadOnlyDictionary<string, FlagResponseParts> ResponseParts { get; init; }

    /// <summary>Any active flag at all (remote config's <c>hasFeatureFlags</c>).</summary>
    public bool HasActiveFlags => Needs.ActiveFlagCount > 0;

    public static TeamDefinitions FromEnvelope(string envelope)
    {
        using var document = JsonDocument.Parse(envelope);
        var root = document.RootElement;
        var flags = FlagDefinitions.Parse(envelope);
        var withCohorts = Body(root, cohorts: true);
        var withoutCohorts = Body(root, cohorts: false);
        return new TeamDefinitions
        {
            TeamId = root.GetProperty("team_id").GetInt64(),
            LoadedAt = DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("loaded_at").GetInt64()),
            Envelope = envelope,
            Flags = flags,
            BodyWithCohorts = withCohorts,
            BodyWithoutCohorts = withoutCohorts,
            ETagWithCohorts = ETag(withCohorts),
            ETagWithoutCohorts = ETag(withoutCohorts),
            Needs = DatabaseNeeds.Of(flags),
            ResponseParts = EncodeResponseParts(flags),
        };
    }

    private static Dictionary<string, FlagResponseParts> EncodeResponseParts(FlagDefinitions definitions)
    {
        var parts = new Dictionary<string, FlagResponseParts>(definitions.Flags.Count, StringComparer.Ordinal);
        foreach (var flag in definitions.Flags)
            if (!flag.Deleted && !parts.ContainsKey(flag.Key)) parts[flag.Key] = FlagResponseParts.Of(flag);
        return parts;
    }

    /// <summary>The local-evaluation body: every non-deleted flag (inactive ones too, so SDKs answer false), group types, and with send_cohorts the property cohorts.</summary>
    private static byte[] Body(JsonElement root, bool cohorts)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("flags");
            root.GetProperty("flags").WriteTo(writer);
            writer.WritePropertyName("group_type_mapping");
            root.GetProperty("group_type_mapping").WriteTo(writer);
            writer.WritePropertyName("cohorts");
            if (cohorts) root.GetProperty("cohorts").WriteTo(writer);
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string ETag(byte[] body) => $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
}

/// <summary>What evaluating a team's active flags can need beyond the request: person properties, cohorts, groups, hash key overrides.</summary>
public sealed class DatabaseNeeds
{
    public HashSet<string> PersonKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Group type name → group property keys used.</summary>
    public Dictionary<string, HashSet<string>> GroupKeys { get; } = new(StringComparer.Ordinal);

    public bool UsesCohorts { get; private set; }

    /// <summary>Keys of active flags with <c>ensure_experience_continuity</c>.</summary>
    public List<string> ContinuityFlagKeys { get; } = [];

    /// <summary>Flags whose answer may depend on stored person data (reported as errors when Postgres cannot be read).</summary>
    public HashSet<string> PersonDependent { get; } = new(StringComparer.Ordinal);

    /// <summary>Flags whose answer may depend on stored group data.</summary>
    public HashSet<string> GroupDependent { get; } = new(StringComparer.Ordinal);

    public int ActiveFlagCount { get; private set; }

    /// <summary>Flags limited to one runtime (<c>evaluation_runtime</c> server or client); the other runtime does not get them.</summary>
    public Dictionary<string, string> RuntimeOnly { get; } = new(StringComparer.Ordinal);

    /// <summary>Group type name → index, for reading stored groups.</summary>
    public Dictionary<string, int> GroupTypeIndex { get; } = new(StringComparer.Ordinal);

    public static DatabaseNeeds Of(FlagDefinitions definitions)
    {
        var needs = new DatabaseNeeds();
        var groupTypes = definitions.GroupTypeMapping;
        foreach (var (index, name) in groupTypes)
            if (int.TryParse(index, System.Globalization.CultureInfo.InvariantCulture, out var i)) needs.GroupTypeIndex[name] = i;
        foreach (var flag in definitions.Flags)
        {
            if (flag.Deleted || !flag.Active) continue;
            needs.ActiveFlagCount++;
            var filters = flag.Filters;
            if (flag.Extra?.TryGetValue("evaluation_runtime", out var runtime) == true && runtime.GetString() is "server" or "client")
                needs.RuntimeOnly[flag.Key] = runtime.GetString()!;
            if (flag.EnsureExperienceContinuity == true)
            {
                needs.ContinuityFlagKeys.Add(flag.Key);
                needs.PersonDependent.Add(flag.Key);
            }
            if (filters.FeatureEnrollment == true)
            {
                needs.PersonKeys.Add("$feature_enrollment/" + flag.Key);
                needs.PersonDependent.Add(flag.Key);
            }
            foreach (var conditions in (ReadOnlySpan<List<FlagConditionGroup>?>)[filters.Groups, filters.SuperGroups, filters.HoldoutGroups])
            foreach (var condition in conditions ?? [])
            {
                var aggregation = condition.AggregationGroupTypeIndex ?? filters.AggregationGroupTypeIndex;
                foreach (var filter in condition.Properties ?? [])
                    needs.Add(flag.Key, filter, aggregation, groupTypes);
            }
        }
        return needs;
    }

    private void Add(string flagKey, PropertyFilter filter, int? aggregation, Dictionary<string, string> groupTypes)
    {
        switch (filter.Type)
        {
            case "flag":
                return;
            case "cohort" or "precalculated-cohort" or "static-cohort":
                UsesCohorts = true;
                PersonDependent.Add(flagKey);
                return;
            case "group":
            {
                var index = filter.GroupTypeIndex ?? aggregation;
                if (index is { } i && groupTypes.TryGetValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture), out var name))
                {
                    if (!GroupKeys.TryGetValue(name, out var keys)) GroupKeys[name] = keys = new HashSet<string>(StringComparer.Ordinal);
                    keys.Add(filter.Key);
                }
                GroupDependent.Add(flagKey);
                return;
            }
            default:
                PersonKeys.Add(filter.Key);
                PersonDependent.Add(flagKey);
                return;
        }
    }
}
