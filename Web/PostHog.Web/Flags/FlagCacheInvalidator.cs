using PostHog.Contracts.Flags;
using StackExchange.Redis;

namespace PostHog.Web.Flags;

/// <summary>
/// After a team's flags or cohorts change: drop Decide's cached definitions and cohorts for the team and publish the
/// team id on <see cref="FlagCache.ChangedChannel"/>, which every Decide replica listens to. A Redis failure is
/// logged, not returned to the caller: the change is committed, and Decide's own expiry still catches up.
/// </summary>
public sealed class FlagCacheInvalidator(IConnectionMultiplexer redis, ILogger<FlagCacheInvalidator> logger)
{
    public async Task TeamChangedAsync(long teamId)
    {
        try
        {
            var database = redis.GetDatabase();
            await database.KeyDeleteAsync([FlagCache.DefinitionsKey(teamId), FlagCache.CohortsKey(teamId)]);
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(FlagCache.ChangedChannel), FlagCache.ChangedMessage(teamId));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning(exception, "Could not invalidate the flag cache of team {Team}", teamId);
        }
    }
}
