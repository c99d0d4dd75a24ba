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
    // Counted here because ConcurrentDictionary.Count takes every lock of the dictionary: read on each event, it
    // serialized all requests (measured with tests/PostHog.Capture.LoadBenchmarks).
    private int _tracked;
    private int _sweeping;
    private long _lastSweep = long.MinValue;

    public int TrackedKeys => _buckets.Count;

    public bool TryTake(string key)
    {
        var now = time.GetTimestamp();
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state.burst, state.now), (burst: _burst, now));
            if (Interlocked.Increment(ref _tracked) > SweepThreshold) Sweep(now);
        }
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

    /// <summary>
    /// Drops buckets idle long enough to be full again: forgetting them changes nothing, and memory stays bounded.
    /// One sweeper at a time, at most once a second, so a flood of new keys does not rescan the map for each.
    /// </summary>
    private void Sweep(long now)
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1) return;
        try
        {
            if (_lastSweep != long.MinValue && time.GetElapsedTime(_lastSweep, now) < TimeSpan.FromSeconds(1)) return;
            _lastSweep = now;
            var refill = _burst / _rate;
            foreach (var (key, bucket) in _buckets)
            {
                if (time.GetElapsedTime(bucket.Updated, now).TotalSeconds >= refill && _buckets.TryRemove(key, out _)) Interlocked.Decrement(ref _tracked);
            }
            // Keys added twice by racing GetOrAdd calls were counted twice; the map itself is the truth.
            Volatile.Write(ref _tracked, _buckets.Count);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private sealed class Bucket(double tokens, long updated)
    {
        public double Tokens = tokens;
        public long Updated = updated;
    }
}
