namespace PostHog.LocalKafka.Storage;

public sealed class Topic(string name, PartitionLog[] partitions)
{
    public string Name { get; } = name;
    public PartitionLog[] Partitions { get; } = partitions;

    public PartitionLog? Partition(int index) => (uint)index < (uint)Partitions.Length ? Partitions[index] : null;
}
