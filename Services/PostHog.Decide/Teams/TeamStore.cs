using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using PostHog.Contracts.Flags;

namespace PostHog.Decide.Teams;

/// <summary>
/// Token → team: in process, then Postgres (written through to Redis), then Redis when Postgres is down, so a
/// Postgres outage does not turn known tokens away.
/// </summary>
public sealed class TeamStore(NpgsqlDataSource dataSource, RedisCache redis, DatabaseGate database, IOptions<DecideOptions> options, TimeProvider time)
{
    private const int MaxCached = 10_000;
    private readonly DecideOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, (Team? Team, DateTimeOffset Expires)> _byToken = new(StringComparer.Ordinal);

    /// <summary>The team, null for an unknown token; throws <see cref="DatabaseUnavailableException"/> when neither store can say.</summary>
    public async ValueTask<Team?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_byToken.TryGetValue(token, out var cached) && cached.Expires > now) return cached.Team;
        try
        {
            var team = await database.RunAsync(ct => ReadAsync(token, ct), cancellationToken);
            Remember(token, team, now);
            if (team is not null) await redis.SetAsync(FlagCache.TeamByTokenKey(token), JsonSerializer.Serialize(team), TimeSpan.FromDays(1));
            return team;
        }
        catch (DatabaseUnavailableException)
        {
            if (cached.Team is not null) return cached.Team; // stale but known
            var json = await redis.GetAsync(FlagCache.TeamByTokenKey(token));
            if (json is not null && JsonSerializer.Deserialize<Team>(json) is { } fromRedis)
            {
                Remember(token, fromRedis, now);
                return fromRedis;
            }
            throw;
        }
    }

    private void Remember(string token, Team? team, DateTimeOffset now)
    {
        if (_byToken.Count > MaxCached) _byToken.Clear(); // random tokens must not grow memory without bound
        _byToken[token] = (team, now + (team is null ? _options.UnknownTokenFor : _options.TokenFreshFor));
    }

    public async Task<Team?> FindByIdAsync(long teamId, CancellationToken cancellationToken) =>
        await database.RunAsync(async ct =>
        {
            await using var command = dataSource.CreateCommand("SELECT id, project_id, organization_id, api_token FROM posthog_team WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = teamId });
            return await ReadOneAsync(command, ct);
        }, cancellationToken);

    private async Task<Team?> ReadAsync(string token, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, project_id, organization_id, api_token FROM posthog_team WHERE api_token = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = token });
        return await ReadOneAsync(command, cancellationToken);
    }

    private static async Task<Team?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Team(reader.GetInt64(0), reader.GetInt64(1), reader.GetGuid(2), reader.GetString(3))
            : null;
    }
}
