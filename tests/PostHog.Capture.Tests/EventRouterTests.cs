using Microsoft.Extensions.Options;
using PostHog.Capture.Routing;
using PostHog.Capture.Validation;
using PostHog.Contracts;

namespace PostHog.Capture.Tests;

public class EventRouterTests
{
    private readonly ManualTime _time = new(DateTimeOffset.Parse("2024-06-01T12:00:00Z"));
    private EventRouter Router(double rate = 100, double burst = 1000) =>
        new(new KeyRateLimiter(Options.Create(new CaptureOptions { PerKeyEventsPerSecond = rate, PerKeyBurst = burst }), _time));

    private static ValidatedEvent Event(string distinctId = "user-1", bool cookieless = false) =>
        new(default, "e", distinctId, Guid.CreateVersion7(), null, null, false, cookieless, false);

    [Fact]
    public void Normal_events_are_keyed_by_token_and_distinct_id() =>
        Assert.Equal(new EventRoute(KafkaTopics.EventsPluginIngestion, "phc_a:user-1"), Router().Route("phc_a", Event(), "10.0.0.1", false));

    [Fact]
    public void Cookieless_events_are_keyed_by_ip() =>
        Assert.Equal("phc_a:10.0.0.1", Router().Route("phc_a", Event(cookieless: true), "10.0.0.1", false).Key);

    [Fact]
    public void Historical_migration_goes_to_its_topic_and_never_overflows()
    {
        var router = Router(rate: 1, burst: 1);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(new EventRoute(KafkaTopics.EventsPluginIngestionHistorical, "phc_a:user-1"), router.Route("phc_a", Event(), "ip", true));
        }
    }

    [Fact]
    public void A_hot_key_overflows_after_its_burst_without_a_key_and_recovers_at_the_rate()
    {
        var router = Router();
        for (var i = 0; i < 1000; i++) Assert.Equal(KafkaTopics.EventsPluginIngestion, router.Route("phc_a", Event(), "ip", false).Topic);
        Assert.Equal(new EventRoute(KafkaTopics.EventsPluginIngestionOverflow, null), router.Route("phc_a", Event(), "ip", false));
        // Other keys are unaffected.
        Assert.Equal(KafkaTopics.EventsPluginIngestion, router.Route("phc_a", Event("user-2"), "ip", false).Topic);
        // 100/s: after 50 ms, 5 more fit.
        _time.Advance(TimeSpan.FromMilliseconds(50));
        var main = Enumerable.Range(0, 10).Count(_ => router.Route("phc_a", Event(), "ip", false).Topic == KafkaTopics.EventsPluginIngestion);
        Assert.Equal(5, main);
    }

    [Fact]
    public void Limiter_memory_is_bounded_by_sweeping_idle_keys()
    {
        var limiter = new KeyRateLimiter(Options.Create(new CaptureOptions()), _time);
        for (var i = 0; i < 100_001; i++) limiter.TryTake("k" + i);
        _time.Advance(TimeSpan.FromSeconds(11));
        limiter.TryTake("fresh");
        Assert.True(limiter.TrackedKeys < 10);
    }
}
