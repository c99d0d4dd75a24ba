namespace PostHog.Capture.Clock;

/// <summary>
/// Works out when an event happened from what the client claims (spec §1.6, capture-rs timestamp.rs):
/// the client clock is trusted only relative to its own <c>sent_at</c>, <c>offset</c> wins, and times more than
/// 23 hours ahead are clamped to now.
/// </summary>
public static class ClockSkewCorrector
{
    public static readonly TimeSpan MaxFuture = TimeSpan.FromHours(23);

    // Ten thousand years: anything larger cannot land inside DateTimeOffset's range.
    private const long MaxOffsetMs = 315_537_897_600_000;

    public static DateTimeOffset Resolve(string? timestamp, long? offset, DateTimeOffset? sentAt, DateTimeOffset now, bool ignoreSentAt = false)
    {
        if (ignoreSentAt) sentAt = null;
        var result = now;

        if (TimestampParser.TryParse(timestamp, out var clientTime))
        {
            // Shift by the client's clock error, measured as how far its sent_at was from our receive time.
            result = sentAt is not { } sent ? clientTime
                : TryAdd(now, clientTime - sent, out var corrected) ? corrected
                : now;
        }

        if (offset is { } ms and > -MaxOffsetMs and < MaxOffsetMs && TryAdd(now, TimeSpan.FromMilliseconds(-ms), out var fromOffset))
        {
            result = fromOffset;
        }

        return result - now > MaxFuture ? now : result.ToUniversalTime();
    }

    /// <summary>The batch <c>sent_at</c> if it parses, else the query <c>_</c> in milliseconds (seconds-based values, year ≤ 2020, are ignored).</summary>
    public static DateTimeOffset? SentAt(string? bodySentAt, string? queryUnderscore)
    {
        if (TimestampParser.TryParse(bodySentAt, out var sent)) return sent;
        if (long.TryParse(queryUnderscore, out var ms) && ms is > 0 and < 253402300799999)
        {
            var parsed = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            if (parsed.Year > 2020) return parsed;
        }
        return null;
    }

    private static bool TryAdd(DateTimeOffset start, TimeSpan delta, out DateTimeOffset result)
    {
        // Both values are far below long's range, so the sum cannot overflow; only DateTimeOffset's range matters.
        var ticks = start.UtcTicks + delta.Ticks;
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            result = default;
            return false;
        }
        result = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
