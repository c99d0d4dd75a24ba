using System.Diagnostics;
using System.Globalization;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Benchmarks;

/// <summary>
/// Waits until ClickHouse has no background merge running, so a phase does not pay for the parts the phase before it
/// left behind (each insert is a part; merging 60 of them costs about as much CPU as inserting them did).
/// </summary>
public sealed class ClickHouseQuiet(ClickHouseClient clickHouse)
{
    public async Task<TimeSpan> WaitAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60)
               && long.Parse((await clickHouse.QueryScalarAsync("SELECT count() FROM system.merges", cancellationToken: cancellationToken))!, CultureInfo.InvariantCulture) > 0)
        {
            await Task.Delay(200, cancellationToken);
        }

        return watch.Elapsed;
    }
}
