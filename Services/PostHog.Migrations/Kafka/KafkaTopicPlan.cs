using PostHog.Contracts;

namespace PostHog.Migrations.Kafka;

/// <summary>
/// The topics the services produce to and consume from, created up front so the first event never waits on the
/// broker's auto-create and every topic gets its intended partition count.
/// </summary>
public static class KafkaTopicPlan
{
    /// <summary>Capture keys by token:distinct_id; a few partitions let consumers in one group share the load.</summary>
    public const int EventPartitions = 4;

    /// <summary>Side topics (dead letters, ClickHouse feeds, CDP) carry little traffic and need no spread.</summary>
    public const int SidePartitions = 1;

    public static IReadOnlyList<(string Name, int Partitions)> Topics(int eventPartitions = EventPartitions) =>
    [
        (KafkaTopics.EventsPluginIngestion, eventPartitions),
        (KafkaTopics.EventsPluginIngestionOverflow, eventPartitions),
        (KafkaTopics.EventsPluginIngestionHistorical, eventPartitions),
        (KafkaTopics.ExceptionsIngestion, SidePartitions),
        (KafkaTopics.SessionRecordingSnapshotItemEvents, SidePartitions),
        (KafkaTopics.SessionRecordingSnapshotItemOverflow, SidePartitions),
        (KafkaTopics.SessionRecordingEvents, SidePartitions),
        (KafkaTopics.EventsDeadLetterQueue, SidePartitions),
        (KafkaTopics.ClickHouseEventsJson, SidePartitions),
        (KafkaTopics.ClickHousePerson, SidePartitions),
        (KafkaTopics.ClickHousePersonDistinctId, SidePartitions),
        (KafkaTopics.ClickHousePersonOverride, SidePartitions),
        (KafkaTopics.ClickHouseGroups, SidePartitions),
        (KafkaTopics.ClickHouseIngestionWarnings, SidePartitions),
        (KafkaTopics.ClickHouseAppMetrics2, SidePartitions),
        (KafkaTopics.ClickHouseHeatmapEvents, SidePartitions),
        (KafkaTopics.ClickHouseSessionReplayEvents, SidePartitions),
        (KafkaTopics.LogEntries, SidePartitions),
        (KafkaTopics.CdpInternalEvents, SidePartitions),
        (KafkaTopics.CohortMembershipChanged, SidePartitions),
        (KafkaTopics.FlagsCacheInvalidation, SidePartitions),
    ];
}
