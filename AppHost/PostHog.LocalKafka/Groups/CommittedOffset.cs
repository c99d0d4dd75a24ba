namespace PostHog.LocalKafka.Groups;

public readonly record struct CommittedOffset(long Offset, int LeaderEpoch, string? Metadata);

public readonly record struct TopicPartition(string Topic, int Partition);
