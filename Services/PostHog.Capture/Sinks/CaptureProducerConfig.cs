using Confluent.Kafka;

namespace PostHog.Capture.Sinks;

/// <summary>capture-rs producer settings: acks=all, idempotent, Java-compatible murmur2 partitioning.</summary>
public static class CaptureProducerConfig
{
    public static ProducerConfig Create(string bootstrapServers, CaptureOptions options) => new()
    {
        BootstrapServers = bootstrapServers,
        ClientId = "capture",
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = options.KafkaLingerMs,
        MessageTimeoutMs = options.KafkaMessageTimeoutMs,
        MessageMaxBytes = options.KafkaMessageMaxBytes,
        QueueBufferingMaxKbytes = 400 * 1024,
        Partitioner = Partitioner.Murmur2Random,
        CompressionType = CompressionType.None,
    };
}
