namespace PostHog.LocalKafka.Tests;

/// <summary>KafkaJS 2.2.4 from npm: admin, producer, idempotent producer and a two-member consumer group (LeaveGroup v3).</summary>
[Trait("Category", "Integration")]
public sealed class KafkaJsScenarioTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task Producer_and_consumer_group_round_trip()
    {
        var folder = Path.Combine(BrokerProcess.Metadata("TestProjectDir"), "kafkajs");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "kafkajs")))
        {
            var install = await ExternalCommand.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], timeout: TimeSpan.FromMinutes(2), workingDirectory: folder);
            Assert.True(install.ExitCode == 0, install.ToString());
        }
        var result = await ExternalCommand.RunAsync("node", ["scenario.js", fixture.Broker.BootstrapServers, "kafkajs-topic", "kafkajs-group", "200"],
            timeout: TimeSpan.FromSeconds(90), workingDirectory: folder);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("distinct=200", result.StandardOutput);
    }
}
