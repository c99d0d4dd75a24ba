using System.Text;
using PostHog.Contracts.Storage;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Migrations.ClickHouse;

/// <summary>
/// The ClickHouse tables, PostHog-shaped (posthog/models/event/sql.py, person/sql.py, group/sql.py) within what
/// 18.16 supports: DateTime instead of DateTime64, no CODEC/TTL/LowCardinality, top-level properties also as
/// key/value arrays because 18.16 has no JSONExtract.
/// </summary>
public static class ClickHouseSchema
{
    public static IReadOnlyList<ClickHouseMigration> Migrations(ClickHouseEngines engines) =>
    [
        new("0001_events", ShardedWithDistributed(engines, ClickHouseTables.ShardedEvents, ClickHouseTables.Events, EventColumns(),
            engines.Sharded(ClickHouseTables.ShardedEvents, "ReplacingMergeTree", "_timestamp"),
            // cityHash64 of a UUID is rejected on 18.16, so the uuid is hashed as text; the key ends in the uuid so
            // a replayed event (same team, day, event, distinct id, uuid) collapses into one row on merge.
            "PARTITION BY toYYYYMM(timestamp) ORDER BY (team_id, toDate(timestamp), event, cityHash64(distinct_id), cityHash64(toString(uuid))) SAMPLE BY cityHash64(distinct_id)",
            "sipHash64(distinct_id)")),
        new("0002_person", [
            Create(engines, ClickHouseTables.Person, PersonColumns,
                engines.ReplicatedEverywhere(ClickHouseTables.Person, "ReplacingMergeTree", "version"),
                "ORDER BY (team_id, id)"),
        ]),
        new("0003_person_distinct_id2", [
            Create(engines, ClickHouseTables.PersonDistinctId2, PersonDistinctIdColumns,
                engines.ReplicatedEverywhere(ClickHouseTables.PersonDistinctId2, "ReplacingMergeTree", "version"),
                "ORDER BY (team_id, distinct_id) SETTINGS index_granularity = 512"),
        ]),
        new("0004_groups", [
            Create(engines, ClickHouseTables.Groups, GroupColumns,
                engines.ReplicatedEverywhere(ClickHouseTables.Groups, "ReplacingMergeTree", "version"),
                "ORDER BY (team_id, group_type_index, group_key)"),
        ]),
        new("0005_ingestion_warnings", ShardedWithDistributed(engines, ClickHouseTables.ShardedIngestionWarnings, ClickHouseTables.IngestionWarnings, IngestionWarningColumns,
            engines.Sharded(ClickHouseTables.ShardedIngestionWarnings, "MergeTree"),
            "PARTITION BY toYYYYMMDD(timestamp) ORDER BY (team_id, toHour(timestamp), type, source, timestamp)",
            "rand()")),
    ];

    public static string CreateDatabase(ClickHouseEngines engines) =>
        $"CREATE DATABASE IF NOT EXISTS {ClickHouseLiteral.Identifier(engines.Database)}{engines.OnCluster}";

    /// <summary>The journal of applied migrations; created before any migration runs.</summary>
    public static string Journal(ClickHouseEngines engines) =>
        Create(engines, ClickHouseTables.Migrations, "name String, applied_at DateTime",
            engines.ReplicatedEverywhere(ClickHouseTables.Migrations, "ReplacingMergeTree", "applied_at"), "ORDER BY name");

    private static string EventColumns()
    {
        var columns = new StringBuilder("""
            uuid UUID,
            event String,
            properties String,
            properties_keys Array(String),
            properties_values Array(String),
            timestamp DateTime,
            team_id Int64,
            project_id Int64,
            distinct_id String,
            elements_chain String,
            created_at DateTime,
            captured_at DateTime,
            person_id UUID,
            person_created_at DateTime,
            person_properties String,
            person_properties_keys Array(String),
            person_properties_values Array(String),
            person_mode Enum8('full' = 0, 'propertyless' = 1, 'force_upgrade' = 2),
            `$session_id` String,
            `$window_id` String,
            """);
        for (var i = 0; i < Contracts.Storage.EventColumns.MaxGroupTypes; i++)
        {
            columns.Append($"\n`$group_{i}` String,\ngroup{i}_properties String,\ngroup{i}_created_at DateTime,");
        }

        columns.Append("\nhistorical_migration UInt8,\n_timestamp DateTime,\n_offset UInt64,\n_partition UInt64");
        return columns.ToString();
    }

    private const string PersonColumns = """
        id UUID,
        created_at DateTime,
        team_id Int64,
        properties String,
        properties_keys Array(String),
        properties_values Array(String),
        is_identified Int8,
        is_deleted Int8,
        version UInt64,
        _timestamp DateTime,
        _offset UInt64
        """;

    private const string PersonDistinctIdColumns = """
        team_id Int64,
        distinct_id String,
        person_id UUID,
        is_deleted Int8,
        version Int64,
        _timestamp DateTime,
        _offset UInt64,
        _partition UInt64
        """;

    private const string GroupColumns = """
        group_type_index UInt8,
        group_key String,
        created_at DateTime,
        team_id Int64,
        group_properties String,
        version Int64,
        _timestamp DateTime,
        _offset UInt64
        """;

    private const string IngestionWarningColumns = """
        team_id Int64,
        source String,
        type String,
        details String,
        timestamp DateTime,
        _timestamp DateTime,
        _offset UInt64,
        _partition UInt64
        """;

    private static string Create(ClickHouseEngines engines, string table, string columns, string engine, string tail) =>
        $"CREATE TABLE IF NOT EXISTS {engines.Table(table)}{engines.OnCluster} (\n{columns}\n) ENGINE = {engine} {tail}";

    /// <summary>On a cluster: per-shard storage plus a Distributed table to read and write; on one server: the storage table under the read name.</summary>
    private static IReadOnlyList<string> ShardedWithDistributed(ClickHouseEngines engines, string local, string distributed, string columns, string engine, string tail, string shardingKey) =>
        engines.Clustered
            ?
            [
                Create(engines, local, columns, engine, tail),
                $"CREATE TABLE IF NOT EXISTS {engines.Table(distributed)}{engines.OnCluster} (\n{columns}\n) ENGINE = {engines.Distributed(local, shardingKey)}",
            ]
            : [Create(engines, distributed, columns, engine, tail)];
}
