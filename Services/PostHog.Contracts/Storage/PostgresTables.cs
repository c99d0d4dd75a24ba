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
    public const string User = "posthog_user";
    public const string OrganizationMembership = "posthog_organizationmembership";
    public const string PersonalApiKey = "posthog_personalapikey";
    public const string FeatureFlag = "posthog_featureflag";
    public const string Cohort = "posthog_cohort";
    public const string CohortPeople = "posthog_cohortpeople";
    public const string FeatureFlagHashKeyOverride = "posthog_featureflaghashkeyoverride";
}
