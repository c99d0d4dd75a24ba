using System.Diagnostics;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class IngestionCrashTests(PipelineFixture fixture)
{
    [Fact]
    public async Task Ingestion_killed_mid_stream_restarts_and_every_event_counts_exactly_once()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var prefix = $"crash-{Guid.NewGuid():N}"[..14];
        using var http = fixture.CreateCaptureClient();
        var stream = new EventStream(new RetryingCaptureClient(http, fixture.Token), prefix, batches: 60, batchSize: 50, interval: TimeSpan.FromMilliseconds(100));

        var sending = stream.RunAsync(cts.Token);
        long atKill;
        while ((atKill = await fixture.CountAsync(prefix)) == 0)
        {
            await Task.Delay(50, cts.Token);
        }

        var ingestion = fixture.Notifications.GetInstances("ingestion").Single();
        Process.GetProcessById(ingestion.Snapshot.ProcessId!.Value).Kill(entireProcessTree: true); // SIGKILL: no commit, no goodbye
        await fixture.Notifications.WaitForResourceAsync("ingestion", KnownResourceStates.Exited, cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(2), cts.Token); // events pile up in Kafka meanwhile
        await fixture.Commands.StartAsync("ingestion", cts.Token);
        await fixture.Notifications.WaitForResourceHealthyAsync("ingestion", cts.Token);
        await sending;

        Assert.Equal(0, await stream.LostBatchesAsync());
        Assert.InRange(atKill, 1, stream.Total - 1); // killed while events were still coming
        await fixture.WaitForCountAsync(prefix, stream.Total, TimeSpan.FromMinutes(2));
        Assert.Equal(stream.Total, await fixture.CountAsync(prefix));
        Assert.Equal(stream.Total, await fixture.UniqueAsync(prefix));
    }
}
