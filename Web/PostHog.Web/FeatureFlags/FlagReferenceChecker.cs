using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using PostHog.Web.Api;

namespace PostHog.Web.FeatureFlags;

/// <summary>
/// The filter checks that need the team's data, as PostHog's validate_filters: cohorts must exist in the team and not
/// filter on events (directly or through cohorts they include); flag dependencies must name live, active flags by id,
/// without cycles.
/// </summary>
public sealed class FlagReferenceChecker(NpgsqlDataSource dataSource, FeatureFlagStore flags)
{
    public async Task CheckAsync(long teamId, string? flagKey, FlagFilterReferences references, CancellationToken cancellationToken)
    {
        if (references.CohortIds.Count > 0) await CheckCohortsAsync(teamId, references.CohortIds, cancellationToken);
        if (references.FlagDependencies.Count > 0) await CheckDependenciesAsync(teamId, flagKey, references.FlagDependencies, cancellationToken);
    }

    private async Task CheckCohortsAsync(long teamId, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var seen = new HashSet<long>();
        var pending = new Queue<long>(ids);
        while (pending.TryDequeue(out var id))
        {
            if (!seen.Add(id)) continue;
            await using var command = dataSource.CreateCommand("SELECT name, filters::text FROM posthog_cohort WHERE team_id = $1 AND id = $2");
            command.Parameters.Add(new NpgsqlParameter { Value = teamId });
            command.Parameters.Add(new NpgsqlParameter { Value = id > int.MaxValue ? 0 : (int)id });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw ApiError.Validation($"Cohort with id {id} does not exist", "filters", "cohort_does_not_exist");
            }

            var name = reader.IsDBNull(0) ? "" : reader.GetString(0);
            var filters = reader.IsDBNull(1) ? null : JsonNode.Parse(reader.GetString(1));
            foreach (var property in Properties(filters?["properties"]))
            {
                var type = property["type"]?.GetValueKind() == JsonValueKind.String ? property["type"]!.GetValue<string>() : null;
                if (type == "behavioral")
                {
                    throw ApiError.Validation($"Cohort '{name}' with filters on events cannot be used in feature flags.", "filters", "behavioral_cohort_found");
                }

                if (type == "cohort" && long.TryParse(property["value"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var nested)) pending.Enqueue(nested);
            }
        }
    }

    private async Task CheckDependenciesAsync(long teamId, string? flagKey, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        var live = await flags.LiveFlagsAsync(teamId, cancellationToken);
        var byId = live.ToDictionary(f => f.Id);
        var byKey = live.ToDictionary(f => f.Key, StringComparer.Ordinal);

        string KeyOf(string reference)
        {
            if (!int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw ApiError.Validation($"Flag dependencies must reference flag IDs (integers), not flag keys. Invalid reference: '{reference}'", "filters");
            }

            if (!byId.TryGetValue(id, out var flag)) throw ApiError.Validation($"Flag dependency references non-existent flag with ID {id}", "filters");
            if (!flag.Active)
            {
                throw ApiError.Validation($"Cannot create dependency on disabled flag '{flag.Key}' (ID: {id}). Flag dependencies must reference active flags only.", "filters");
            }

            return flag.Key;
        }

        var direct = references.Select(KeyOf).Distinct(StringComparer.Ordinal).ToList();
        if (flagKey is null) return;
        if (direct.Contains(flagKey)) throw ApiError.Validation($"Feature flag '{flagKey}' cannot depend on itself", "filters");

        void Walk(string key, List<string> path)
        {
            if (path.Contains(key))
            {
                var cycle = path[path.IndexOf(key)..].Append(key);
                throw ApiError.Validation($"Circular dependency detected: {string.Join(" → ", cycle)}", "filters");
            }

            if (!byKey.TryGetValue(key, out var flag)) return;
            foreach (var next in Dependencies(flag.Filters).Where(r => int.TryParse(r, out var id) && byId.ContainsKey(id)).Select(r => byId[int.Parse(r, CultureInfo.InvariantCulture)].Key))
            {
                Walk(next, [.. path, key]);
            }
        }

        foreach (var key in direct) Walk(key, [flagKey]);
    }

    private static IEnumerable<string> Dependencies(JsonObject filters) =>
        (filters["groups"] as JsonArray ?? [])
            .SelectMany(g => g?["properties"] as JsonArray ?? [])
            .Where(p => p?["type"]?.GetValueKind() == JsonValueKind.String && p["type"]!.GetValue<string>() == "flag")
            .Select(p => p!["key"]?.ToString() ?? "");

    /// <summary>Every filter object in a cohort's nested AND/OR property groups.</summary>
    internal static IEnumerable<JsonObject> Properties(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject group when group["values"] is JsonArray values:
                foreach (var value in values)
                {
                    foreach (var property in Properties(value)) yield return property;
                }

                break;
            case JsonObject property:
                yield return property;
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    foreach (var property in Properties(item)) yield return property;
                }

                break;
        }
    }
}
