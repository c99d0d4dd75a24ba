using PostHog.Contracts.Flags;
using StackExchange.Redis;

namespace PostHog.Decide.Definitions;

/// <summary>Subscribes to <see cref="FlagCache.ChangedChannel"/> (Web publishes a team id after any flag/cohort change) and drops that team's cached definitions.</summary>
public sealed class FlagChangeListener(IConnectionMultiplexer redis, DefinitionsCache cache, ILogger<FlagChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Redis may be down at start; once subscribed, the multiplexer re-subscribes by itself after reconnects.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(FlagCache.ChangedChannel), (channel, message) =>
                {
                    if (FlagCache.TryParseChangedMessage(message, out var teamId)) _ = cache.Invalidate(teamId);
                    else logger.LogWarning("Ignoring {Channel} message {Message}: not a team id", FlagCache.ChangedChannel, (string?)message);
                });
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogDebug("Subscribing to {Channel} failed, retrying: {Message}", FlagCache.ChangedChannel, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
