using Confluent.Kafka;

namespace PostHog.Capture.Sinks;

/// <summary>capture-rs producer settings: acks=all, idempotent, Java-compatible murmur2 partitioning.</summary>
public static class CaptureProducerConfig
{
    public static ProducerConfig Apply(ProducerConfig config, CaptureOptions options)
    {
        config.ClientId ??= "capture";
        config.Acks = Acks.All;
        config.EnableIdempotence = true;
        config.LingerMs = options.KafkaLingerMs;
        config.MessageTimeoutMs = options.KafkaMessageTimeoutMs;
        config.MessageMaxBytes = options.KafkaMessageMaxBytes;
        config.QueueBufferingMaxKbytes = 400 * 1024;
        config.Partitioner = Partitioner.Murmur2Random;
        config.CompressionType = CompressionType.None;
        // Capture reads only the error of a delivery report; Confluent otherwise copies key, value, timestamp and
        // headers of every delivered message back out of librdkafka.
        config.DeliveryReportFields = "status";
        return config;
    }
}
