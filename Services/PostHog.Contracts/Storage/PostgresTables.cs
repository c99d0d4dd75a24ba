namespace PostHog.Contracts.Storage;

/// <summary>Postgres table names, spelled as PostHog's Django models name them.</summary>
public static class PostgresTables
{
    public const string Organization = "posthog_organization";
    public const string Project = "posthog_project";
    public const string Team = "posthog_team";
    public const string Person = "posthog_person";
    public const string PersonDistinctId = "posthog_persondistinctid";
    public const string PersonlessDistinctId = "posthog_personlessdistinctid";
    public const string GroupTypeMapping = "posthog_grouptypemapping";
    public const string Group = "posthog_group";
}
