using PostHog.Capture.Validation;
using PostHog.Contracts;

namespace PostHog.Capture.Routing;

/// <summary>
/// Picks topic and key (spec §1.8): keyed by <c>token:distinct_id</c> (cookieless: <c>token:ip</c>) for per-person
/// ordering; historical migrations to their own topic and never overflowed; hot keys to overflow without a key.
/// </summary>
public sealed class EventRouter(KeyRateLimiter limiter)
{
    public EventRoute Route(string token, in ValidatedEvent evt, string ip, bool historicalMigration)
    {
        var key = evt.IsCookieless ? $"{token}:{ip}" : $"{token}:{evt.DistinctId}";
        if (historicalMigration) return new EventRoute(KafkaTopics.EventsPluginIngestionHistorical, key);
        return limiter.TryTake(key)
            ? new EventRoute(KafkaTopics.EventsPluginIngestion, key)
            : new EventRoute(KafkaTopics.EventsPluginIngestionOverflow, null);
    }
}
