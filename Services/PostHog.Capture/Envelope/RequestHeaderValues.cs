using System.Globalization;
using System.Text;

namespace PostHog.Capture.Envelope;

/// <summary>
/// Header values every event of one request shares (token, receive time, usually the event name), encoded once
/// per request instead of once per event. librdkafka copies header bytes on produce, so sharing the arrays is safe.
/// </summary>
public sealed class RequestHeaderValues(string token, DateTimeOffset now)
{
    public static readonly byte[] True = "true"u8.ToArray();

    public string TokenText { get; } = token;

    public DateTimeOffset NowTime { get; } = now;

    private string? _lastEvent;
    private byte[]? _lastEventBytes;

    public byte[] Token { get; } = Encoding.UTF8.GetBytes(token);

    public byte[] Now { get; } = Encoding.UTF8.GetBytes(now.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>A batch is mostly one event name in a row ($pageview, $autocapture…): the last one's bytes are kept.</summary>
    public byte[] Event(string name)
    {
        if (!string.Equals(name, _lastEvent, StringComparison.Ordinal))
        {
            _lastEventBytes = Encoding.UTF8.GetBytes(name);
            _lastEvent = name;
        }
        return _lastEventBytes!;
    }

}
