using PostHog.Flags.Definitions;

namespace PostHog.Flags.Matching;

/// <summary>A property-based cohort's AND/OR tree with every filter precompiled.</summary>
internal sealed class CompiledCohort
{
    public required bool IsAnd { get; init; }
    public required CohortEntry[] Entries { get; init; }

    public static CompiledCohort Compile(PropertyGroup group)
    {
        var entries = new CohortEntry[group.Values.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = group.Values[i] switch
            {
                PropertyGroup nested => new CohortEntry(null, Compile(nested)),
                PropertyFilter filter => new CohortEntry(CompiledFilter.Compile(filter), null),
                _ => new CohortEntry(null, null),
            };
        }
        return new CompiledCohort { IsAnd = !string.Equals(group.Type, "OR", StringComparison.OrdinalIgnoreCase), Entries = entries };
    }
}

/// <summary>Either a filter or a nested group.</summary>
internal readonly record struct CohortEntry(CompiledFilter? Filter, CompiledCohort? Group);
