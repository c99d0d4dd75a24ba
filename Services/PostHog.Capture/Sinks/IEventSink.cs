namespace PostHog.Capture.Sinks;

/// <summary>Where accepted events go. Returns only once every record is acknowledged; throws <see cref="CaptureException"/> otherwise.</summary>
public interface IEventSink
{
    Task SendAsync(IReadOnlyList<KafkaRecord> records, CancellationToken cancellationToken);
}
