using System.Globalization;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Benchmarks;

/// <summary>How many events of one run are queryable (plain count: a clean run writes each event once).</summary>
public sealed class EventCounter(ClickHouseClient clickHouse, string table = "events")
{
    public async Task<long> CountAsync(string eventName, string prefix, CancellationToken cancellationToken) =>
        long.Parse((await clickHouse.QueryScalarAsync(
            $"SELECT count() FROM {table} WHERE team_id = 1 AND event = {ClickHouseLiteral.String(eventName)} AND startsWith(distinct_id, {ClickHouseLiteral.String(prefix)})",
            cancellationToken: cancellationToken))!, CultureInfo.InvariantCulture);
}
