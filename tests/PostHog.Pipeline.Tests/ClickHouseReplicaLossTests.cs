using System.Diagnostics;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Testing;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class ClickHouseReplicaLossTests(PipelineFixture fixture)
{
    private const string Victim = "clickhouse-s1-r2";

    [Fact]
    public async Task One_replica_killed_mid_stream_loses_nothing_and_catches_up_after_its_restart()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var prefix = $"replica-{Guid.NewGuid():N}"[..16];
        using var http = fixture.CreateCaptureClient();
        var stream = new EventStream(new RetryingCaptureClient(http, fixture.Token), prefix, batches: 40, batchSize: 25, interval: TimeSpan.FromMilliseconds(250));

        var sending = stream.RunAsync(cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(2), cts.Token);
        var victim = fixture.Notifications.GetInstances(Victim).Single();
        Process.GetProcessById(victim.Snapshot.ProcessId!.Value).Kill(); // kill -9, mid-stream
        await fixture.Notifications.WaitForResourceAsync(Victim, KnownResourceStates.Exited, cts.Token);
        await sending;

        Assert.Equal(0, await stream.LostBatchesAsync());
        await fixture.WaitForCountAsync(prefix, stream.Total, TimeSpan.FromMinutes(2)); // the surviving replica has everything
        Assert.Equal(stream.Total, await fixture.CountAsync(prefix));

        await fixture.Commands.StartAsync(Victim, cts.Token);
        await fixture.Notifications.WaitForResourceHealthyAsync(Victim, cts.Token);
        var connection = ClickHouseConnectionString.Parse((await fixture.App.GetConnectionStringAsync("clickhouse", cts.Token))!);
        using var restarted = new ClickHouseClient(connection with { Endpoints = [fixture.App.GetEndpoint(Victim)] });
        var local = $"SELECT count() FROM sharded_events FINAL WHERE event = 'fault' AND startsWith(distinct_id, {ClickHouseLiteral.String(prefix)})";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        string? count = null;
        while (DateTime.UtcNow < deadline && (count = await restarted.QueryScalarAsync(local, cancellationToken: cts.Token)) != stream.Total.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            await Task.Delay(1000, cts.Token);
        }

        Assert.Equal(stream.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), count); // the restarted replica fetched what it missed
    }
}
