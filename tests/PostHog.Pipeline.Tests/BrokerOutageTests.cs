using PostHog.Hosting.ApplicationModel;

namespace PostHog.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class BrokerOutageTests(PipelineFixture fixture)
{
    [Fact]
    public async Task Capture_answers_503_while_the_broker_is_down_and_a_retrying_client_loses_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var prefix = $"broker-{Guid.NewGuid():N}"[..15];
        using var http = fixture.CreateCaptureClient();
        var client = new RetryingCaptureClient(http, fixture.Token);
        var stream = new EventStream(client, prefix, batches: 60, batchSize: 10, interval: TimeSpan.FromMilliseconds(200));

        var sending = stream.RunAsync(cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(3), cts.Token);
        await fixture.Commands.StopAsync("kafka", cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(8), cts.Token); // longer than capture's 7 s message timeout: requests fail
        await fixture.Commands.StartAsync("kafka", cts.Token);
        await fixture.Notifications.WaitForResourceHealthyAsync("kafka", cts.Token);
        await sending;

        Assert.Equal(0, await stream.LostBatchesAsync());
        Assert.True(client.RetryableAnswers > 0, "the broker outage never reached a client: nothing was tested");
        await fixture.WaitForCountAsync(prefix, stream.Total, TimeSpan.FromMinutes(2));
        Assert.Equal(stream.Total, await fixture.CountAsync(prefix));
        Assert.Equal(stream.Total, await fixture.UniqueAsync(prefix));
        Assert.True(fixture.Notifications.TryGetCurrentState("kafka", out var kafka));
        Assert.Equal((KnownResourceStates.Running, 1), (kafka!.Snapshot.State, kafka.Snapshot.Restarts));
    }
}
