using StackExchange.Redis;

namespace PostHog.Decide.Teams;

/// <summary>Redis reads and writes that never throw: a Redis outage only means a cache miss.</summary>
public sealed class RedisCache(IConnectionMultiplexer redis, ILogger<RedisCache> logger)
{
    public async Task<string?> GetAsync(string key)
    {
        try
        {
            return await redis.GetDatabase().StringGetAsync(key);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug("Redis GET {Key} failed: {Message}", key, e.Message);
            return null;
        }
    }

    public async Task SetAsync(string key, string value, TimeSpan? expiry = null)
    {
        try
        {
            var database = redis.GetDatabase();
            if (expiry is { } ttl) await database.StringSetAsync(key, value, ttl);
            else await database.StringSetAsync(key, value);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug("Redis SET {Key} failed: {Message}", key, e.Message);
        }
    }

    public async Task DeleteAsync(string key)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug("Redis DEL {Key} failed: {Message}", key, e.Message);
        }
    }
}
