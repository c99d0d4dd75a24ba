namespace PostHog.Ingestion.Persons;

/// <summary>
/// Distinct ids that SDKs send by mistake ("anonymous", "null", "[object Object]"…); merging on them would fuse
/// unrelated people, so identify/alias with one of them is refused (plugin-server person-state.ts).
/// </summary>
public static class IllegalDistinctIds
{
    private static readonly HashSet<string> CaseInsensitive = Quoted(
        ["anonymous", "guest", "distinctid", "distinct_id", "id", "not_authenticated", "email", "undefined", "true", "false"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> CaseSensitive = Quoted(
        ["[object Object]", "NaN", "None", "none", "null", "0", "undefined"],
        StringComparer.Ordinal);

    public static bool IsIllegal(string distinctId)
    {
        var trimmed = distinctId.Trim();
        return trimmed.Length == 0 || CaseInsensitive.Contains(trimmed) || CaseSensitive.Contains(trimmed);
    }

    // The bare word, and the word in single or double quotes.
    private static HashSet<string> Quoted(string[] words, StringComparer comparer) =>
        words.SelectMany(word => new[] { word, $"'{word}'", $"\"{word}\"" }).ToHashSet(comparer);
}
