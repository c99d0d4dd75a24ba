namespace PostHog.Contracts;

/// <summary>Kafka topic names, spelled as PostHog spells them (posthog/kafka_client/topics.py).</summary>
public static class KafkaTopics
{
    // Capture → ingestion
    public const string EventsPluginIngestion = "events_plugin_ingestion";
    public const string EventsPluginIngestionOverflow = "events_plugin_ingestion_overflow";
    public const string EventsPluginIngestionHistorical = "events_plugin_ingestion_historical";
    public const string ExceptionsIngestion = "exceptions_ingestion";
    public const string SessionRecordingSnapshotItemEvents = "session_recording_snapshot_item_events";
    public const string SessionRecordingSnapshotItemOverflow = "session_recording_snapshot_item_overflow";
    public const string SessionRecordingEvents = "session_recording_events";
    public const string EventsDeadLetterQueue = "events_dead_letter_queue";

    // Ingestion → ClickHouse
    public const string ClickHouseEventsJson = "clickhouse_events_json";
    public const string ClickHousePerson = "clickhouse_person";
    public const string ClickHousePersonDistinctId = "clickhouse_person_distinct_id";
    public const string ClickHousePersonOverride = "clickhouse_person_override";
    public const string ClickHouseGroups = "clickhouse_groups";
    public const string ClickHouseIngestionWarnings = "clickhouse_ingestion_warnings";
    public const string ClickHouseAppMetrics2 = "clickhouse_app_metrics2";
    public const string ClickHouseHeatmapEvents = "clickhouse_heatmap_events";
    public const string ClickHouseSessionReplayEvents = "clickhouse_session_replay_events";
    public const string LogEntries = "log_entries";

    // CDP and other consumers
    public const string CdpInternalEvents = "cdp_internal_events";
    public const string CohortMembershipChanged = "cohort_membership_changed";
    public const string FlagsCacheInvalidation = "flags_cache_invalidation";
}
