namespace PostHog.Contracts.Storage;

/// <summary>
/// Columns of the <c>events</c> table beyond PostHog's own. ClickHouse 18.16 has no JSONExtract, so the top-level
/// properties are also stored as parallel arrays: an exact top-level filter is
/// <c>arrayExists((k, v) -&gt; k = 'key' AND v = 'value', properties_keys, properties_values)</c>, which a nested key of the
/// same name never matches. Values are strings as they appear in the JSON, without quotes for strings
/// (<c>"x"</c> → <c>x</c>, <c>23</c> → <c>23</c>, <c>true</c> → <c>true</c>, objects and arrays as compact JSON).
/// </summary>
public static class EventColumns
{
    public const string Uuid = "uuid";
    public const string Event = "event";
    public const string Properties = "properties";
    public const string PropertiesKeys = "properties_keys";
    public const string PropertiesValues = "properties_values";
    public const string Timestamp = "timestamp";
    public const string TeamId = "team_id";
    public const string ProjectId = "project_id";
    public const string DistinctId = "distinct_id";
    public const string ElementsChain = "elements_chain";
    public const string CreatedAt = "created_at";
    public const string CapturedAt = "captured_at";
    public const string PersonId = "person_id";
    public const string PersonCreatedAt = "person_created_at";
    public const string PersonProperties = "person_properties";
    public const string PersonPropertiesKeys = "person_properties_keys";
    public const string PersonPropertiesValues = "person_properties_values";
    public const string PersonMode = "person_mode";

    /// <summary><c>$session_id</c>, filled at ingestion from the top-level property.</summary>
    public const string SessionId = "$session_id";

    /// <summary><c>$window_id</c>, filled at ingestion from the top-level property.</summary>
    public const string WindowId = "$window_id";

    /// <summary><c>$group_0</c> … <c>$group_4</c>: the group key of each group type index on this event.</summary>
    public static string GroupKey(int index) => $"$group_{index}";

    public static string GroupProperties(int index) => $"group{index}_properties";

    public static string GroupCreatedAt(int index) => $"group{index}_created_at";

    /// <summary>PostHog allows five group types per project (indexes 0–4).</summary>
    public const int MaxGroupTypes = 5;

    public const string HistoricalMigration = "historical_migration";

    /// <summary>When ingestion wrote the row (PostHog's Kafka-engine <c>_timestamp</c>).</summary>
    public const string InsertedAt = "_timestamp";

    /// <summary>The Kafka offset of the message the row came from.</summary>
    public const string Offset = "_offset";

    /// <summary>The Kafka partition of the message the row came from.</summary>
    public const string Partition = "_partition";
}
