using System.Text.Json;

namespace PostHog.Flags;

/// <summary>Who a flag is evaluated for, with every property the caller already has.</summary>
public sealed class EvaluationContext
{
    public required string DistinctId { get; init; }

    /// <summary>Group type name → group key (request <c>groups</c>).</summary>
    public IReadOnlyDictionary<string, string>? Groups { get; init; }

    /// <summary>Merged person properties (stored beneath request overrides).</summary>
    public IReadOnlyDictionary<string, JsonElement>? PersonProperties { get; init; }

    /// <summary>Group type name → that group's properties.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>>? GroupProperties { get; init; }

    /// <summary>Flag key → stored hash key (posthog_featureflaghashkeyoverride, written only for experience-continuity flags); used whenever present.</summary>
    public IReadOnlyDictionary<string, string>? HashKeyOverrides { get; init; }

    /// <summary>
    /// Ids of the cohorts the person is known to belong to (static, or realtime ones the server precomputed);
    /// null = unknown, so local evaluation cannot decide cohorts it has no properties for.
    /// </summary>
    public IReadOnlySet<long>? Cohorts { get; init; }

    /// <summary>Used only by flags whose <c>bucketing_identifier</c> is <c>device_id</c>.</summary>
    public string? DeviceId { get; init; }

    public EvaluationMode Mode { get; init; } = EvaluationMode.Server;

    /// <summary>Clock for relative dates ("-7d"); null = now.</summary>
    public DateTimeOffset? Now { get; init; }
}

/// <summary>
/// Server: the properties given are all there is, so a missing property is simply not matched (is_not → true).
/// Local: an SDK's partial view, so a missing property, static cohort or unknown dependency is inconclusive.
/// </summary>
public enum EvaluationMode
{
    Server,
    Local,
}
