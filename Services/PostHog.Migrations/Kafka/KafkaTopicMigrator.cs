using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace PostHog.Migrations.Kafka;

/// <summary>Creates the missing topics of <see cref="KafkaTopicPlan"/>; a topic that exists is left as it is (idempotent).</summary>
public sealed class KafkaTopicMigrator(string bootstrapServers, ILogger<KafkaTopicMigrator> logger)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Returns the names of the topics it created. Replication is left to the broker (-1: its default).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(int eventPartitions = KafkaTopicPlan.EventPartitions)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers, SocketTimeoutMs = (int)RequestTimeout.TotalMilliseconds })
            .SetLogHandler((_, message) => logger.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .Build();
        var existing = admin.GetMetadata(RequestTimeout).Topics
            .Where(t => t.Error.Code == ErrorCode.NoError)
            .Select(t => t.Topic)
            .ToHashSet(StringComparer.Ordinal);
        var missing = KafkaTopicPlan.Topics(eventPartitions)
            .Where(t => !existing.Contains(t.Name))
            .Select(t => new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = -1 })
            .ToList();
        if (missing.Count == 0)
        {
            logger.LogInformation("Kafka: all {Count} topics exist.", existing.Count);
            return [];
        }

        try
        {
            await admin.CreateTopicsAsync(missing, new CreateTopicsOptions { RequestTimeout = RequestTimeout });
        }
        catch (CreateTopicsException exception) when (exception.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another migrator (or an auto-create by an early producer) won the race: the topic is there, which is all we want.
        }

        var created = missing.Select(t => t.Name).ToList();
        logger.LogInformation("Kafka: created {Topics}.", string.Join(", ", created));
        return created;
    }
}
