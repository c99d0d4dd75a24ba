namespace PostHog.Web.Auth;

/// <summary>Who a request acts as: the personal API key's user, with the key's scopes and project restrictions.</summary>
public sealed record ApiCaller(
    long UserId,
    Guid UserUuid,
    string Email,
    string FirstName,
    string LastName,
    string? DistinctId,
    bool IsStaff,
    Guid? CurrentOrganizationId,
    long? CurrentTeamId,
    DateTimeOffset DateJoined,
    string KeyId,
    IReadOnlyList<string> Scopes,
    IReadOnlyList<long> ScopedTeams,
    IReadOnlyList<string> ScopedOrganizations);
