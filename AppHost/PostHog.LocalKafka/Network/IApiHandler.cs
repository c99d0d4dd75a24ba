using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Network;

/// <summary>
/// One Kafka API: parses its request, acts, writes its response. The part before the first await runs in request
/// order on the connection's read loop; returning null sends nothing (acks=0 produce).
/// </summary>
public interface IApiHandler
{
    ApiKey Key { get; }
    /// <summary>Lowest version advertised (Produce advertises 0 for librdkafka's feature checks but implements 3+).</summary>
    short MinVersion { get; }
    short MaxVersion { get; }
    /// <summary>Lowest version actually parsed; older advertised versions close the connection, like Kafka 4.</summary>
    short MinImplementedVersion => MinVersion;
    ValueTask<KafkaWriter?> HandleAsync(RequestContext request);
}
