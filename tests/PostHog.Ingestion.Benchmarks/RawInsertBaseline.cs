using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PostHog.Migrations.ClickHouse;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Benchmarks;

/// <summary>
/// The baseline: the rows ingestion wrote, read back, then inserted as plain JSONEachRow into an identical schema (the
/// migrations run against a second database of the same cluster), in ingestion's batch size and insert settings.
/// It runs <see cref="Rounds"/> times, each into a fresh database after ClickHouse's merges settled, and the fastest round
/// counts: a noisy baseline can then only make the ratio smaller.
/// </summary>
public sealed class RawInsertBaseline(ClickHouseClient clickHouse, ClickHouseQuiet quiet)
{
    public const int BatchSize = 1000; // Ingestion:MaxBatchSize's default
    public const int Rounds = 2;

    /// <summary>ClickHouse's CPU per row in the last round.</summary>
    public double ClickHouseMicrosecondsPerRow { get; private set; }

    private static readonly Dictionary<string, string> Unquoted = new() { ["output_format_json_quote_64bit_integers"] = "0" };
    private static readonly Dictionary<string, string> DistributedSync = new() { ["insert_distributed_sync"] = "1" };

    public async Task<(double RowsPerSecond, int Rows, double[] Rounds)> MeasureAsync(string eventName, string prefix, CancellationToken cancellationToken)
    {
        var rows = new List<JsonElement>();
        await foreach (var row in clickHouse.QueryJsonEachRowAsync<JsonElement>(
            $"SELECT * FROM events WHERE team_id = 1 AND event = {ClickHouseLiteral.String(eventName)} AND startsWith(distinct_id, {ClickHouseLiteral.String(prefix)})",
            settings: Unquoted, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        var rounds = new double[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            await quiet.WaitAsync(cancellationToken);
            rounds[round] = await InsertAsync(rows, cancellationToken);
        }

        return (rounds.Max(), rows.Count, rounds);
    }

    private async Task<double> InsertAsync(List<JsonElement> rows, CancellationToken cancellationToken)
    {
        var database = "bench_raw_" + Guid.NewGuid().ToString("N")[..8];
        using var target = new ClickHouseClient(clickHouse.Connection with { Database = database });
        await new ClickHouseMigrator(target, NullLogger<ClickHouseMigrator>.Instance).MigrateAsync(cancellationToken);
        try
        {
            var cpu = IngestionThroughput.ClickHouseCpu.Read();
            var watch = Stopwatch.StartNew();
            foreach (var chunk in rows.Chunk(BatchSize))
            {
                await target.InsertJsonEachRowAsync("events", chunk, settings: DistributedSync, cancellationToken: cancellationToken);
            }

            watch.Stop();
            ClickHouseMicrosecondsPerRow = (IngestionThroughput.ClickHouseCpu.Read() - cpu).TotalMicroseconds / rows.Count;
            return rows.Count / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            using var server = new ClickHouseClient(clickHouse.Connection with { Database = "default" });
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS {ClickHouseLiteral.Identifier(database)}{(clickHouse.Cluster is { } c ? $" ON CLUSTER {ClickHouseLiteral.Identifier(c)}" : "")}",
                cancellationToken: CancellationToken.None);
        }
    }
}
