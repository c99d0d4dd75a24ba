namespace PostHog.LocalKafka.Tests;

/// <summary>kafka-python 2.0.2 (apt python3-kafka, importable only from /usr/bin/python3): old protocol versions.</summary>
[Trait("Category", "Integration")]
public sealed class PythonKafkaScenarioTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task Producer_and_group_consumer_commit_everything()
    {
        var script = Path.Combine(BrokerProcess.Metadata("TestProjectDir"), "python", "scenario.py");
        var result = await ExternalCommand.RunAsync("/usr/bin/python3", [script, fixture.Broker.BootstrapServers, "python-topic", "python-group", "150"],
            timeout: TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("consumed=150 committed=150", result.StandardOutput);
    }
}
