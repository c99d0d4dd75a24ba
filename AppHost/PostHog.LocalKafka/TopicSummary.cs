using System.Text.Json.Serialization;

namespace PostHog.LocalKafka;

/// <summary>What <c>GET /topics</c> shows: each partition's first and next offset.</summary>
public sealed record TopicSummary(string Name, IReadOnlyList<PartitionSummary> Partitions);

public sealed record PartitionSummary(int Partition, long LogStartOffset, long LogEndOffset);

[JsonSerializable(typeof(IEnumerable<TopicSummary>))]
internal sealed partial class BrokerJsonContext : JsonSerializerContext;
