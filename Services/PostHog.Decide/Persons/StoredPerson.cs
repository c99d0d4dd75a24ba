using System.Text.Json;

namespace PostHog.Decide.Persons;

/// <summary>What Postgres holds for one request: the person's properties and static cohorts, hash key overrides, group properties.</summary>
public sealed class StoredPerson
{
    public static readonly StoredPerson Empty = new();

    public Dictionary<string, JsonElement>? Properties { get; init; }
    public HashSet<long>? Cohorts { get; init; }
    public Dictionary<string, string>? HashKeyOverrides { get; init; }

    /// <summary>Group type name → stored group properties.</summary>
    public Dictionary<string, Dictionary<string, JsonElement>>? Groups { get; init; }
}
