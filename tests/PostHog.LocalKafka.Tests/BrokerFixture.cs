namespace PostHog.LocalKafka.Tests;

/// <summary>One broker process per test class (2 partitions for auto-created topics).</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    public BrokerProcess Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await BrokerProcess.StartAsync(partitions: 2);

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}
