using System.Text.Json;

namespace PostHog.Decide.Requests;

/// <summary>A /flags or /decide body (spec §2.2) with its aliases resolved.</summary>
public sealed class FlagRequest
{
    public string? Token { get; init; }
    public string? DistinctId { get; init; }
    public string? AnonDistinctId { get; init; }
    public string? DeviceId { get; init; }
    public Dictionary<string, string> Groups { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonElement> PersonProperties { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, Dictionary<string, JsonElement>> GroupProperties { get; init; } = new(StringComparer.Ordinal);
    public List<string>? FlagKeys { get; init; }
    public bool DisableFlags { get; init; }

    /// <summary>"server" or "client" when the SDK says where it runs; flags limited to the other runtime are skipped.</summary>
    public string? EvaluationRuntime { get; init; }
}
