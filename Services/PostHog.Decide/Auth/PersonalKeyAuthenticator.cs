using System.Collections.Concurrent;
using Npgsql;
using PostHog.Contracts.Auth;
using PostHog.Decide.Teams;

namespace PostHog.Decide.Auth;

/// <summary>
/// Checks <c>Authorization: Bearer phx_…</c> for local evaluation: the stored <c>sha256$</c> hash, the user's
/// organization memberships, and the key's team/organization/scope limits. Answers are kept a minute in process
/// (by hash, never the key), so SDK polls do not each query Postgres and keep working through a Postgres outage.
/// </summary>
public sealed class PersonalKeyAuthenticator(NpgsqlDataSource dataSource, DatabaseGate database, TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (KeyGrant? Grant, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    /// <summary>What the key may read; null for an unknown key.</summary>
    public sealed record KeyGrant(long UserId, long? CurrentTeamId, Guid[] Organizations, string[]? Scopes, int[]? ScopedTeams, string[]? ScopedOrganizations)
    {
        public bool MayReadFlagsOf(Team team) =>
            Organizations.Contains(team.OrganizationId)
            && (ScopedTeams is not { Length: > 0 } || ScopedTeams.Contains((int)team.Id))
            && (ScopedOrganizations is not { Length: > 0 } || ScopedOrganizations.Contains(team.OrganizationId.ToString()))
            && (Scopes is not { Length: > 0 } || Scopes.Any(s => s is "*" or "feature_flag:read" or "feature_flag:write"));
    }

    public async Task<KeyGrant?> AuthenticateAsync(string key, CancellationToken cancellationToken)
    {
        var hash = PersonalApiKey.Hash(key);
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Expires > now) return cached.Grant;
        try
        {
            var grant = await database.RunAsync(ct => ReadAsync(hash, ct), cancellationToken);
            if (_cache.Count > 10_000) _cache.Clear();
            _cache[hash] = (grant, now + KeepFor);
            return grant;
        }
        catch (DatabaseUnavailableException) when (cached.Grant is not null)
        {
            return cached.Grant; // Postgres is down: a key that was valid a moment ago still is
        }
    }

    private async Task<KeyGrant?> ReadAsync(string hash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT k.user_id, u.current_team_id, ARRAY(SELECT m.organization_id FROM posthog_organizationmembership m WHERE m.user_id = k.user_id),
                   k.scopes, k.scoped_teams, k.scoped_organizations
            FROM posthog_personalapikey k JOIN posthog_user u ON u.id = k.user_id WHERE k.secure_value = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new KeyGrant(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetInt64(1),
            reader.GetFieldValue<Guid[]>(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<string[]>(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<int[]>(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<string[]>(5));
    }
}
