using PostHog.Contracts.Storage;
using PostHog.Ingestion.Parsing;
using PostHog.Ingestion.Telemetry;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Writing;

/// <summary>
/// Writes a batch to ClickHouse: persons, distinct ids and groups first (so an event never points at a person ClickHouse
/// has not heard of), then events and warnings. Events, nearly all of the bytes, go as RowBinary; the rest as JSONEachRow. Events go through the Distributed table synchronously,
/// so "written" means stored on the shard, and the Kafka offsets may be committed.
/// An insert ClickHouse refuses for its data (<see cref="ClickHouseDataErrors"/>) is split in halves, and the halves
/// again, until the refused rows stand alone: the others are written and the refused ones returned, so one bad row
/// costs about 2·log2(rows) small inserts instead of stalling the partition. Any other failure throws, and the batch is
/// retried whole (a half already written is written again then, and collapses like any replay).
/// </summary>
public sealed class EventRowWriter(ClickHouseClient client)
{
    private static readonly Dictionary<string, string> DistributedSync = new() { ["insert_distributed_sync"] = "1" };

    /// <summary>
    /// Writes the batch; returns the rows ClickHouse refused. <paramref name="sourceOf"/> names the message a row came
    /// from: once one row of a message is refused, that message's rows in the later tables are left out too (the message
    /// goes to the dead letter queue whole), except its warnings.
    /// </summary>
    public async Task<IReadOnlyList<RejectedRow>> WriteAsync(BatchWrites writes, Func<object, object?>? sourceOf, CancellationToken cancellationToken)
    {
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("clickhouse write");
        activity?.SetTag("posthog.events", writes.Events.Count);
        var rejected = new List<RejectedRow>();
        var refused = new HashSet<object>(ReferenceEqualityComparer.Instance);

        T[] Admitted<T>(IEnumerable<T> rows) where T : notnull
        {
            foreach (var row in rejected)
            {
                if (sourceOf?.Invoke(row.Row) is { } source)
                {
                    refused.Add(source);
                }
            }

            return refused.Count == 0 ? rows.ToArray() : rows.Where(row => sourceOf!(row) is not { } source || !refused.Contains(source)).ToArray();
        }

        await InsertJsonAsync(ClickHouseTables.Person, Admitted(writes.Persons), null, rejected, cancellationToken);
        await InsertJsonAsync(ClickHouseTables.PersonDistinctId2, Admitted(writes.DistinctIds), null, rejected, cancellationToken);
        await InsertJsonAsync(ClickHouseTables.Groups, Admitted(writes.Groups), null, rejected, cancellationToken);
        await IsolateAsync<EventRow>(ClickHouseTables.Events, Admitted(writes.Events), rows => client.InsertRowBinaryAsync(ClickHouseTables.Events, EventRow.Columns, writer =>
        {
            foreach (var row in rows)
            {
                row.WriteTo(writer);
            }
        }, client.Cluster is null ? null : DistributedSync, cancellationToken), rejected);
        await WriteWarningsAsync(writes.Warnings, rejected, cancellationToken);
        activity?.SetTag("posthog.rejected_rows", rejected.Count);
        return rejected;
    }

    /// <summary>Writes warnings alone (those about the batch's refused rows); returns the ones ClickHouse refused.</summary>
    public async Task<IReadOnlyList<RejectedRow>> WriteWarningsAsync(IReadOnlyList<IngestionWarningRow> warnings, CancellationToken cancellationToken)
    {
        var rejected = new List<RejectedRow>();
        await WriteWarningsAsync(warnings, rejected, cancellationToken);
        return rejected;
    }

    private Task WriteWarningsAsync(IReadOnlyList<IngestionWarningRow> warnings, List<RejectedRow> rejected, CancellationToken cancellationToken) =>
        InsertJsonAsync(ClickHouseTables.IngestionWarnings, warnings.ToArray(), client.Cluster is null ? null : DistributedSync, rejected, cancellationToken);

    private Task InsertJsonAsync<T>(string table, T[] rows, IReadOnlyDictionary<string, string>? settings, List<RejectedRow> rejected, CancellationToken cancellationToken)
        where T : notnull =>
        IsolateAsync<T>(table, rows, part => client.InsertJsonEachRowAsync(table, part, IngestionJson.Options, settings, cancellationToken), rejected);

    /// <summary>Inserts the rows; when ClickHouse refuses them for their data, bisects until each refused row is alone.</summary>
    private static async Task IsolateAsync<T>(string table, ArraySegment<T> rows, Func<ArraySegment<T>, Task> insert, List<RejectedRow> rejected) where T : notnull
    {
        if (rows.Count == 0)
        {
            return;
        }

        try
        {
            await insert(rows);
        }
        catch (ClickHouseException exception) when (ClickHouseDataErrors.IsRejectedData(exception))
        {
            if (rows.Count == 1)
            {
                rejected.Add(new RejectedRow(table, rows[0], exception));
                return;
            }

            var half = rows.Count / 2;
            await IsolateAsync(table, rows[..half], insert, rejected);
            await IsolateAsync(table, rows[half..], insert, rejected);
        }
    }
}
