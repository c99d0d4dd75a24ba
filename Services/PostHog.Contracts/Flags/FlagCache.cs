namespace PostHog.Contracts.Flags;

/// <summary>
/// How Decide's cached flag definitions are found and invalidated. Web writes flags and cohorts; Decide reads them
/// through Redis and an in-process cache. After any change to a team's flags, cohorts (or holdouts / group type
/// mappings) Web publishes that team's id on <see cref="ChangedChannel"/>; it may also delete
/// <see cref="DefinitionsKey"/> itself, but publishing is what every Decide replica listens to.
/// </summary>
public static class FlagCache
{
    /// <summary>Pub/sub channel; the message is the team id in decimal, e.g. <c>"1"</c>.</summary>
    public const string ChangedChannel = "posthog:flags:changed";

    /// <summary>Redis string holding a team's flag definitions as Decide serves them (JSON).</summary>
    public static string DefinitionsKey(long teamId) => $"posthog:flags:definitions:{teamId}";

    /// <summary>Redis string holding a team's cohorts as local evaluation serves them (JSON).</summary>
    public static string CohortsKey(long teamId) => $"posthog:flags:cohorts:{teamId}";

    /// <summary>Redis string mapping a project api token to its team id and settings (JSON).</summary>
    public static string TeamByTokenKey(string apiToken) => $"posthog:flags:team:{apiToken}";

    /// <summary>The message to publish on <see cref="ChangedChannel"/> for a team.</summary>
    public static string ChangedMessage(long teamId) => teamId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses a <see cref="ChangedChannel"/> message; false for anything that is not a team id.</summary>
    public static bool TryParseChangedMessage(string? message, out long teamId) =>
        long.TryParse(message, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out teamId);
}
