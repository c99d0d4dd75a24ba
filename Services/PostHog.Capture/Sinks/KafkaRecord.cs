namespace PostHog.Capture.Sinks;

/// <summary>One message ready for Kafka: serialized envelope, key and PostHog's headers (values UTF-8, as Kafka stores them).</summary>
public sealed record KafkaRecord(string Topic, string? Key, byte[] Value, IReadOnlyList<KeyValuePair<string, byte[]>> Headers);
