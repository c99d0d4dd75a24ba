namespace PostHog.Decide.Responses;

/// <summary>The body shapes of spec §2.3 (Rust <c>get_versioned_response</c>).</summary>
public enum ResponseFormat
{
    /// <summary>/decide v1: <c>featureFlags</c> = array of enabled keys.</summary>
    DecideV1,

    /// <summary>/decide v2: <c>featureFlags</c> = {key: true | variant} for enabled flags.</summary>
    DecideV2,

    /// <summary>/decide v3, /flags v1: every flag's value incl. false, payloads of matched flags.</summary>
    FlagsV1,

    /// <summary>/decide v4+, /flags v2+: <c>flags</c> with reason and metadata.</summary>
    FlagsV2,
}

public static class ResponseFormats
{
    public static ResponseFormat For(bool decide, int? version) => decide
        ? version switch { 2 => ResponseFormat.DecideV2, 3 => ResponseFormat.FlagsV1, >= 4 => ResponseFormat.FlagsV2, _ => ResponseFormat.DecideV1 }
        : version switch { null or >= 2 => ResponseFormat.FlagsV2, _ => ResponseFormat.FlagsV1 };

    /// <summary>/decide always carries config; /flags when asked, or when neither <c>v</c> nor <c>config</c> is given.</summary>
    public static bool IncludeConfig(bool decide, string? version, string? config) =>
        decide || (config is null ? version is null : config is "true" or "1" or "True");
}
