using System.Text.Json;
using PostHog.Decide.Definitions;
using PostHog.Decide.Persons;
using PostHog.Decide.Requests;
using PostHog.Decide.Responses;
using PostHog.Decide.Teams;
using PostHog.Flags;

namespace PostHog.Decide;

/// <summary>
/// The outcome of one /flags request: results in definition order, whether anything could not be computed, and the
/// definitions' pre-encoded response parts by flag key (null: the writer encodes every part itself).
/// </summary>
public sealed record FlagsOutcome(IReadOnlyCollection<FlagResult> Flags, bool ErrorsWhileComputingFlags, IReadOnlyDictionary<string, FlagResponseParts>? Parts = null)
{
    public static readonly FlagsOutcome Unavailable = new([], true);
    public static readonly FlagsOutcome None = new([], false);
}

/// <summary>
/// Token → team → cached definitions → stored person/group data only when the request's overrides do not already
/// hold every property the flags use (and for cohorts and continuity) → evaluation. Postgres or Redis trouble is
/// reported as <c>errorsWhileComputingFlags</c>, never thrown.
/// </summary>
public sealed class FlagsEvaluation(TeamStore teams, DefinitionsCache definitions, PersonStore persons, DatabaseGate database, ILogger<FlagsEvaluation> logger)
{
    internal static readonly FlagReason DatabaseError = new("database_error", null, "Could not read stored person or group data");

    public async Task<FlagsOutcome> EvaluateAsync(FlagRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Token)) throw new DecideException(DecideError.MissingToken());
        Team? team;
        try
        {
            team = await teams.FindByTokenAsync(request.Token, cancellationToken);
        }
        catch (DatabaseUnavailableException)
        {
            return FlagsOutcome.Unavailable;
        }
        if (team is null) throw new DecideException(DecideError.InvalidToken());
        if (request.DisableFlags) return FlagsOutcome.None;
        if (request.DistinctId is null) throw new DecideException(DecideError.MissingDistinctId());

        var current = await definitions.GetAsync(team.Id, cancellationToken);
        if (current is null) return FlagsOutcome.Unavailable;
        var needs = current.Needs;

        var query = Query(team.Id, request, needs);
        var stored = StoredPerson.Empty;
        var personFailed = false;
        var groupsFailed = false;
        if (query.Person || query.ContinuityFlagKeys.Count > 0 || query.Groups.Count > 0)
        {
            try
            {
                stored = await database.RunAsync(ct => persons.LoadAsync(query, ct), cancellationToken);
            }
            catch (DatabaseUnavailableException e)
            {
                logger.LogDebug("Stored person data unavailable for team {Team}: {Message}", team.Id, e.Message);
                personFailed = query.Person || query.ContinuityFlagKeys.Count > 0;
                groupsFailed = query.Groups.Count > 0;
            }
        }

        var context = new EvaluationContext
        {
            DistinctId = request.DistinctId,
            DeviceId = request.DeviceId,
            Groups = request.Groups,
            PersonProperties = Merge(stored.Properties, request.PersonProperties),
            GroupProperties = MergeGroups(stored.Groups, request.GroupProperties),
            HashKeyOverrides = stored.HashKeyOverrides,
            Cohorts = stored.Cohorts ?? (IReadOnlySet<long>)EmptyCohorts,
        };
        var results = FlagEvaluator.EvaluateInOrder(current.Flags, context, request.FlagKeys);

        if (request.EvaluationRuntime is not null || personFailed || groupsFailed)
        {
            var kept = 0;
            for (var i = 0; i < results.Count; i++)
            {
                var result = results[i];
                if (request.EvaluationRuntime is { } runtime && needs.RuntimeOnly.TryGetValue(result.Key, out var only) && only != runtime) continue;
                var failed = (personFailed && needs.PersonDependent.Contains(result.Key)) || (groupsFailed && needs.GroupDependent.Contains(result.Key));
                results[kept++] = failed ? result with { Enabled = false, Variant = null, Payload = null, Reason = DatabaseError } : result;
            }
            results.RemoveRange(kept, results.Count - kept);
        }
        return new FlagsOutcome(results, personFailed || groupsFailed, current.ResponseParts);
    }

    private static readonly HashSet<long> EmptyCohorts = [];

    /// <summary>Spec §2.6: overrides alone decide when they hold every key the flags use and no cohort is involved.</summary>
    internal static PersonStore.Query Query(long teamId, FlagRequest request, DatabaseNeeds needs)
    {
        var person = needs.UsesCohorts || !ContainsAll(request.PersonProperties, needs.PersonKeys);
        var groups = new List<(int, string, string)>();
        foreach (var (name, keys) in needs.GroupKeys)
        {
            if (!request.Groups.TryGetValue(name, out var groupKey) || !needs.GroupTypeIndex.TryGetValue(name, out var index)) continue;
            if (request.GroupProperties.TryGetValue(name, out var given) && ContainsAll(given, keys)) continue;
            groups.Add((index, name, groupKey));
        }
        return new PersonStore.Query(teamId, request.DistinctId!, person, needs.UsesCohorts, request.AnonDistinctId, needs.ContinuityFlagKeys, groups);
    }

    private static bool ContainsAll(Dictionary<string, JsonElement> given, HashSet<string> keys)
    {
        foreach (var key in keys)
            if (!given.ContainsKey(key)) return false;
        return true;
    }

    private static Dictionary<string, JsonElement> Merge(Dictionary<string, JsonElement>? stored, Dictionary<string, JsonElement> overrides)
    {
        if (stored is null || stored.Count == 0) return overrides;
        foreach (var (key, value) in overrides) stored[key] = value;
        return stored;
    }

    private static readonly Dictionary<string, IReadOnlyDictionary<string, JsonElement>> NoGroups = new(StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> MergeGroups(
        Dictionary<string, Dictionary<string, JsonElement>>? stored, Dictionary<string, Dictionary<string, JsonElement>> overrides)
    {
        if ((stored is null || stored.Count == 0) && overrides.Count == 0) return NoGroups;
        var merged = new Dictionary<string, IReadOnlyDictionary<string, JsonElement>>(StringComparer.Ordinal);
        foreach (var (name, properties) in stored ?? []) merged[name] = properties;
        foreach (var (name, properties) in overrides)
            merged[name] = merged.TryGetValue(name, out var existing) ? Merge(new Dictionary<string, JsonElement>(existing), properties) : properties;
        return merged;
    }
}
