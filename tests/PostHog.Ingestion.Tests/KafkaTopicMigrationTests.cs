using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using PostHog.Contracts;
using PostHog.Ingestion.Tests.Fixtures;
using PostHog.Migrations.Kafka;

namespace PostHog.Ingestion.Tests;

[Collection(StorageCollection.Name)]
[Trait("Category", "Integration")]
public sealed class KafkaTopicMigrationTests(StorageFixture storage)
{
    [Fact]
    public async Task The_migration_job_creates_every_topic_and_a_second_run_creates_none()
    {
        await storage.MigrateAsync(StorageFixture.NewDatabaseName("topics"));

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = storage.Kafka.BootstrapServers }).Build();
        var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
        foreach (var (name, partitions) in KafkaTopicPlan.Topics())
        {
            Assert.True(topics.ContainsKey(name), $"{name} missing");
            Assert.Equal(partitions, topics[name]);
        }

        Assert.Equal(KafkaTopicPlan.EventPartitions, topics[KafkaTopics.EventsPluginIngestion]);
        Assert.Equal(1, topics[KafkaTopics.EventsDeadLetterQueue]);
        Assert.Empty(await new KafkaTopicMigrator(storage.Kafka.BootstrapServers, NullLogger<KafkaTopicMigrator>.Instance).MigrateAsync());
    }
}
