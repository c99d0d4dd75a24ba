using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PostHog.Contracts.Flags;
using PostHog.Decide.Teams;

namespace PostHog.Decide.Definitions;

/// <summary>
/// A team's definitions: in process (stale copies served while one refresh runs), then Redis
/// (<see cref="FlagCache.DefinitionsKey"/>), then Postgres. A Redis copy older than the soft TTL is reloaded from
/// Postgres but still used when Postgres is down. <see cref="Invalidate"/> (the <see cref="FlagCache.ChangedChannel"/>
/// message) drops both copies; a generation counter keeps a load that started before the change from storing.
/// </summary>
public sealed class DefinitionsCache(
    DefinitionsLoader loader, RedisCache redis, DatabaseGate database, IOptions<DecideOptions> options, TimeProvider time, ILogger<DefinitionsCache> logger)
{
    private readonly DecideOptions _options = options.Value;
    private readonly ConcurrentDictionary<long, (TeamDefinitions Definitions, DateTimeOffset FreshUntil)> _local = new();
    private readonly ConcurrentDictionary<long, long> _generations = new();
    private readonly ConcurrentDictionary<long, Lazy<Task<TeamDefinitions?>>> _refreshing = new();

    /// <summary>The team's definitions, or null when no copy exists and neither Redis nor Postgres can give one.</summary>
    public async ValueTask<TeamDefinitions?> GetAsync(long teamId, CancellationToken cancellationToken)
    {
        if (_local.TryGetValue(teamId, out var local))
        {
            if (local.FreshUntil <= time.GetUtcNow()) _ = RefreshAsync(teamId); // stale-while-revalidate
            return local.Definitions;
        }
        return await RefreshAsync(teamId).WaitAsync(cancellationToken);
    }

    /// <summary>Forget the team's copies everywhere; the next request reloads from Postgres.</summary>
    public async Task Invalidate(long teamId)
    {
        _generations.AddOrUpdate(teamId, 1, (_, g) => g + 1);
        _local.TryRemove(teamId, out _);
        await redis.DeleteAsync(FlagCache.DefinitionsKey(teamId));
        // A load that began before the delete may have read the old Redis copy: a second step of the generation keeps
        // it from being stored, and the next request starts a load of its own instead of joining that one.
        _generations.AddOrUpdate(teamId, 1, (_, g) => g + 1);
        _refreshing.TryRemove(teamId, out _);
    }

    private Task<TeamDefinitions?> RefreshAsync(long teamId)
    {
        var lazy = _refreshing.GetOrAdd(teamId, id => new Lazy<Task<TeamDefinitions?>>(() => LoadAsync(id)));
        return lazy.Value;
    }

    private async Task<TeamDefinitions?> LoadAsync(long teamId)
    {
        try
        {
            var generation = _generations.GetValueOrDefault(teamId);
            var now = time.GetUtcNow();
            var cached = await redis.GetAsync(FlagCache.DefinitionsKey(teamId));
            TeamDefinitions? fromRedis = cached is null ? null : Parse(teamId, cached);
            if (fromRedis is not null && fromRedis.LoadedAt + _options.RedisSoftTtl > now) return Keep(teamId, fromRedis, generation);

            try
            {
                var envelope = await database.RunAsync(ct => loader.LoadAsync(teamId, ct), CancellationToken.None);
                var loaded = Parse(teamId, envelope) ?? throw new InvalidOperationException("definitions from Postgres do not parse");
                if (_generations.GetValueOrDefault(teamId) == generation)
                {
                    await redis.SetAsync(FlagCache.DefinitionsKey(teamId), envelope, TimeSpan.FromDays(7));
                    // An invalidation between the check and the write would leave this (older) copy in Redis for good.
                    if (_generations.GetValueOrDefault(teamId) != generation) await redis.DeleteAsync(FlagCache.DefinitionsKey(teamId));
                }
                return Keep(teamId, loaded, generation);
            }
            catch (DatabaseUnavailableException e)
            {
                if (fromRedis is not null) return Keep(teamId, fromRedis, generation);
                if (_local.TryGetValue(teamId, out var stale)) return stale.Definitions;
                logger.LogWarning("No definitions for team {Team}: Postgres unavailable ({Message}) and nothing cached", teamId, e.Message);
                return null;
            }
        }
        finally
        {
            _refreshing.TryRemove(teamId, out _);
        }
    }

    private TeamDefinitions Keep(long teamId, TeamDefinitions definitions, long generation)
    {
        // Same envelope as the copy we hold: keep that object, its compiled form is warm.
        if (_local.TryGetValue(teamId, out var current) && current.Definitions.Envelope == definitions.Envelope) definitions = current.Definitions;
        if (_generations.GetValueOrDefault(teamId) == generation)
            _local[teamId] = (definitions, time.GetUtcNow() + _options.DefinitionsFreshFor);
        return definitions;
    }

    private TeamDefinitions? Parse(long teamId, string envelope)
    {
        if (_local.TryGetValue(teamId, out var current) && current.Definitions.Envelope == envelope) return current.Definitions;
        try
        {
            return TeamDefinitions.FromEnvelope(envelope);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            logger.LogWarning("Unreadable cached definitions for team {Team}: {Message}", teamId, e.Message);
            return null;
        }
    }
}
