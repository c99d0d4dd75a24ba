using PostHog.Capture.Replay;
using PostHog.Capture.Validation;
using PostHog.Contracts;

namespace PostHog.Capture.Routing;

/// <summary>
/// Picks topic and key (spec §1.8): keyed by <c>token:distinct_id</c> (cookieless: <c>token:ip</c>) for per-person
/// ordering; recordings by session; historical migrations to their own topic and never overflowed; hot keys to overflow without a key.
/// </summary>
public sealed class EventRouter(KeyRateLimiter limiter)
{
    public EventRoute Route(string token, in ValidatedEvent evt, string ip, bool historicalMigration)
    {
        // One session's recording stays on one partition, in order.
        if (evt.Event == SnapshotItems.EventName) return new EventRoute(KafkaTopics.SessionRecordingSnapshotItemEvents, SnapshotItems.SessionId(evt));
        var key = evt.IsCookieless ? $"{token}:{ip}" : $"{token}:{evt.DistinctId}";
        if (historicalMigration) return new EventRoute(KafkaTopics.EventsPluginIngestionHistorical, key);
        return limiter.TryTake(key)
            ? new EventRoute(KafkaTopics.EventsPluginIngestion, key)
            : new EventRoute(KafkaTopics.EventsPluginIngestionOverflow, null);
    }
}
