using System.Text.Json;

namespace PostHog.Flags;

/// <summary>The answer for one flag, carrying what /flags v2 returns (reason and metadata).</summary>
public sealed record FlagResult(
    string Key,
    bool Enabled,
    string? Variant,
    JsonElement? Payload,
    FlagReason Reason,
    int Id,
    int? Version,
    string? Description)
{
    /// <summary>True when local evaluation could not decide and the caller must ask the server (InconclusiveMatch).</summary>
    public bool IsInconclusive => Reason.Code == FlagReason.Inconclusive;

    /// <summary>The value SDKs show: the variant for multivariate flags, else the boolean.</summary>
    public object Value => Variant is not null ? Variant : Enabled;
}
