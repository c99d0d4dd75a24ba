namespace PostHog.Contracts.Events;

/// <summary>Kafka header names capture sets on every event message (capture-rs CapturedEventHeaders).</summary>
public static class CapturedEventHeaderNames
{
    public const string Token = "token";
    public const string DistinctId = "distinct_id";
    /// <summary>Computed event time as Unix epoch milliseconds.</summary>
    public const string Timestamp = "timestamp";
    public const string Event = "event";
    public const string Uuid = "uuid";
    public const string Now = "now";
    /// <summary>"true" when the event was forced to overflow and persons must not be processed.</summary>
    public const string ForceDisablePersonProcessing = "force_disable_person_processing";
    /// <summary>"true" only for historical migration batches; absent otherwise.</summary>
    public const string HistoricalMigration = "historical_migration";
}
