using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Tests.Fixtures;

/// <summary>
/// What ingestion left in Postgres and ClickHouse, read the way queries read it: persons and distinct ids by their
/// highest version (argMax), events once per uuid (FINAL) however often a replay wrote them.
/// </summary>
public static class StoredState
{
    /// <summary>The Postgres person uuid a distinct id belongs to, or null.</summary>
    public static Task<Guid?> PostgresPersonOfAsync(this IngestionRig rig, string distinctId) =>
        rig.PostgresScalarAsync<Guid?>("SELECT p.uuid FROM posthog_person p JOIN posthog_persondistinctid d ON d.person_id = p.id WHERE d.team_id = 1 AND d.distinct_id = $1", distinctId);

    public static async Task<long> PostgresPersonCountAsync(this IngestionRig rig) =>
        await rig.PostgresScalarAsync<long>("SELECT count(*) FROM posthog_person WHERE team_id = 1");

    /// <summary>The ClickHouse person a distinct id maps to (latest version, not deleted), or null.</summary>
    public static async Task<Guid?> ClickHousePersonOfAsync(this IngestionRig rig, string distinctId)
    {
        var value = await rig.ScalarAsync($"""
            SELECT toString(argMax(person_id, version)) FROM person_distinct_id2 WHERE team_id = 1 AND distinct_id = {ClickHouseLiteral.String(distinctId)}
            GROUP BY distinct_id HAVING argMax(is_deleted, version) = 0
            """);
        return string.IsNullOrEmpty(value) ? null : Guid.Parse(value);
    }

    /// <summary>(properties JSON, is_identified, is_deleted) of the person's latest version in ClickHouse.</summary>
    public static async Task<(string Properties, bool Identified, bool Deleted)?> ClickHousePersonAsync(this IngestionRig rig, Guid personId)
    {
        await foreach (var row in rig.ClickHouse.QueryTsvAsync(
            $"SELECT argMax(properties, version), argMax(is_identified, version), argMax(is_deleted, version) FROM person WHERE team_id = 1 AND id = {ClickHouseLiteral.Uuid(personId)} GROUP BY id"))
        {
            return (row[0]!, row[1] == "1", row[2] == "1");
        }

        return null;
    }

    /// <summary>Events counted once per uuid, as a query must (replays and retries write a uuid more than once).</summary>
    public static async Task<long> EventCountAsync(this IngestionRig rig, string where = "1") =>
        long.Parse((await rig.ScalarAsync($"SELECT count() FROM events FINAL WHERE team_id = 1 AND ({where})"))!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One column of the (deduplicated) row of an event.</summary>
    public static Task<string?> EventColumnAsync(this IngestionRig rig, Guid uuid, string column) =>
        rig.ScalarAsync($"SELECT {column} FROM events FINAL WHERE team_id = 1 AND uuid = {ClickHouseLiteral.Uuid(uuid)}");

    /// <summary>The warnings of one type, as their JSON details.</summary>
    public static async Task<List<string>> WarningsAsync(this IngestionRig rig, string type)
    {
        var details = new List<string>();
        await foreach (var row in rig.ClickHouse.QueryTsvAsync($"SELECT details FROM ingestion_warnings WHERE team_id = 1 AND type = {ClickHouseLiteral.String(type)}"))
        {
            details.Add(row[0]!);
        }

        return details;
    }
}
