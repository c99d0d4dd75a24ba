using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace PostHog.Capture.Routing;

/// <summary>
/// In-process token bucket per <c>token:distinct_id</c> (default 100/s, burst 1000). A key that runs dry is not
/// refused, only rerouted to overflow so one hot person cannot stall a partition.
/// </summary>
public sealed class KeyRateLimiter(IOptions<CaptureOptions> options, TimeProvider time)
{
    private const int SweepThreshold = 100_000;
    private readonly double _rate = options.Value.PerKeyEventsPerSecond;
    private readonly double _burst = options.Value.PerKeyBurst;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public int TrackedKeys => _buckets.Count;

    public bool TryTake(string key)
    {
        var now = time.GetTimestamp();
        if (_buckets.Count > SweepThreshold) Sweep(now);
        var bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state.burst, state.now), (burst: _burst, now));
        lock (bucket)
        {
            var elapsed = time.GetElapsedTime(bucket.Updated, now).TotalSeconds;
            bucket.Tokens = Math.Min(_burst, bucket.Tokens + Math.Max(0, elapsed) * _rate);
            bucket.Updated = now;
            if (bucket.Tokens < 1) return false;
            bucket.Tokens -= 1;
            return true;
        }
    }

    /// <summary>Drops buckets idle long enough to be full again: forgetting them changes nothing, and memory stays bounded.</summary>
    private void Sweep(long now)
    {
        var refill = _burst / _rate;
        foreach (var (key, bucket) in _buckets)
        {
            if (time.GetElapsedTime(bucket.Updated, now).TotalSeconds >= refill) _buckets.TryRemove(key, out _);
        }
    }

    private sealed class Bucket(double tokens, long updated)
    {
        public double Tokens = tokens;
        public long Updated = updated;
    }
}
