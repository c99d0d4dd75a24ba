namespace PostHog.Flags.Matching;

/// <summary>Tri-state match: Inconclusive means "cannot tell from these properties" (SDK local evaluation falls back to the server).</summary>
internal enum MatchOutcome : byte
{
    False,
    True,
    Inconclusive,
}

internal static class MatchOutcomes
{
    public static MatchOutcome From(bool value) => value ? MatchOutcome.True : MatchOutcome.False;

    public static MatchOutcome Not(MatchOutcome outcome) => outcome switch
    {
        MatchOutcome.True => MatchOutcome.False,
        MatchOutcome.False => MatchOutcome.True,
        _ => MatchOutcome.Inconclusive,
    };
}
