using PostHog.Contracts.Storage;
using PostHog.Ingestion.Parsing;
using PostHog.Ingestion.Telemetry;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Writing;

/// <summary>
/// Writes a batch to ClickHouse: persons, distinct ids and groups first (so an event never points at a person ClickHouse
/// has not heard of), then events and warnings. Events, nearly all of the bytes, go as RowBinary; the rest as JSONEachRow. Events go through the Distributed table synchronously,
/// so "written" means stored on the shard, and the Kafka offsets may be committed.
/// </summary>
public sealed class EventRowWriter(ClickHouseClient client)
{
    private static readonly Dictionary<string, string> DistributedSync = new() { ["insert_distributed_sync"] = "1" };

    public async Task WriteAsync(BatchWrites writes, CancellationToken cancellationToken)
    {
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("clickhouse write");
        activity?.SetTag("posthog.events", writes.Events.Count);
        await InsertAsync(ClickHouseTables.Person, writes.Persons.ToList(), null, cancellationToken);
        await InsertAsync(ClickHouseTables.PersonDistinctId2, writes.DistinctIds.ToList(), null, cancellationToken);
        await InsertAsync(ClickHouseTables.Groups, writes.Groups.ToList(), null, cancellationToken);
        if (writes.Events.Count > 0)
        {
            await client.InsertRowBinaryAsync(ClickHouseTables.Events, EventRow.Columns, rows =>
            {
                foreach (var row in writes.Events)
                {
                    row.WriteTo(rows);
                }
            }, client.Cluster is null ? null : DistributedSync, cancellationToken);
        }

        await InsertAsync(ClickHouseTables.IngestionWarnings, writes.Warnings, client.Cluster is null ? null : DistributedSync, cancellationToken);
    }

    private Task InsertAsync<T>(string table, IReadOnlyList<T> rows, IReadOnlyDictionary<string, string>? settings, CancellationToken cancellationToken) =>
        rows.Count == 0 ? Task.CompletedTask : client.InsertJsonEachRowAsync(table, rows, IngestionJson.Options, settings, cancellationToken);
}
