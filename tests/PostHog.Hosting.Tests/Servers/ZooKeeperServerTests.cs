using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.Hosting.Servers.ZooKeeper;
using PostHog.Hosting.Testing;
using Xunit.Abstractions;

namespace PostHog.Hosting.Tests.Servers;

[Trait("Category", "Integration")]
public sealed class ZooKeeperServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ensemble_of_three_elects_a_leader_keeps_quorum_without_one_node_and_leaves_nothing_running()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var host = new ServerTestHost();
        var builder = host.NewBuilder();
        var zookeeper = builder.AddZooKeeper("zookeeper", nodes: 3);
        var (app, elapsed) = await host.StartAsync(builder, cts.Token, "zookeeper");
        output.WriteLine($"zookeeper ensemble of 3 healthy (quorum) in {elapsed.TotalMilliseconds:0} ms");

        var connectionString = await app.GetConnectionStringAsync("zookeeper", cts.Token);
        Assert.Matches(@"^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$", connectionString);

        // Healthy means a quorum serves; the third node may still be syncing with the leader for a moment.
        var modes = new List<string?>();
        foreach (var node in zookeeper.Resource.Nodes)
        {
            var stat = await ServingStatAsync(node, cts.Token);
            Assert.Contains("Zookeeper version: 3.8", stat, StringComparison.Ordinal);
            modes.Add(FourLetterWord.ModeOf(stat));
        }

        Assert.Equal(["follower", "follower", "leader"], modes.Order());

        var follower = zookeeper.Resource.Nodes[modes.IndexOf("follower")];
        System.Diagnostics.Process.GetProcessById(ServerTestHost.ProcessIdOf(app, follower.Name)).Kill();
        var check = new ZooKeeperEnsembleHealthCheck(zookeeper.Resource);
        var withoutOne = await check.CheckHealthAsync(new HealthCheckContext(), cts.Token);
        Assert.True(withoutOne.Status == HealthStatus.Healthy, withoutOne.Description);

        await host.StopAndAssertNoLeftoversAsync(app);
    }

    private static async Task<string> ServingStatAsync(ZooKeeperNodeResource node, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var stat = await FourLetterWord.SendAsync(node.ClientEndpoint.Host, node.ClientEndpoint.Port, "stat", cancellationToken);
            if (FourLetterWord.ModeOf(stat) is not null || DateTime.UtcNow > deadline)
            {
                return stat;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
