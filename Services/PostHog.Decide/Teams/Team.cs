namespace PostHog.Decide.Teams;

/// <summary>The project a token belongs to, as Decide needs it.</summary>
public sealed record Team(long Id, long ProjectId, Guid OrganizationId, string ApiToken);
