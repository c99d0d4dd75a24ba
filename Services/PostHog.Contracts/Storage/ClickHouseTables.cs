namespace PostHog.Contracts.Storage;

/// <summary>
/// ClickHouse table names shared by the writer (Ingestion) and the readers (Web, Worker). Read through the
/// Distributed/replicated names; the <c>sharded_*</c> tables are per-shard storage and are never queried directly.
/// </summary>
public static class ClickHouseTables
{
    /// <summary>Per-shard storage of events (ReplicatedReplacingMergeTree, deduplicated by uuid on merge).</summary>
    public const string ShardedEvents = "sharded_events";

    /// <summary>Distributed over <see cref="ShardedEvents"/>, sharded by <c>sipHash64(distinct_id)</c>: write and read here.</summary>
    public const string Events = "events";

    /// <summary>Persons, a full replicated copy on every node; latest row per id by <c>version</c>.</summary>
    public const string Person = "person";

    /// <summary>distinct id → person, a full replicated copy on every node; latest row per distinct id by <c>version</c>.</summary>
    public const string PersonDistinctId2 = "person_distinct_id2";

    /// <summary>Groups, a full replicated copy on every node; latest row per key by <c>_timestamp</c>.</summary>
    public const string Groups = "groups";

    public const string ShardedIngestionWarnings = "sharded_ingestion_warnings";

    /// <summary>Distributed over <see cref="ShardedIngestionWarnings"/>.</summary>
    public const string IngestionWarnings = "ingestion_warnings";

    /// <summary>Which ClickHouse migrations ran (replicated to every node).</summary>
    public const string Migrations = "posthog_migrations";
}
