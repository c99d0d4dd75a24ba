using System.Diagnostics;
using PostHog.Hosting.Orchestration;
using PostHog.Hosting.Servers.ClickHouse;
using PostHog.Hosting.Servers.ZooKeeper;
using PostHog.Hosting.Testing;
using Xunit.Abstractions;

namespace PostHog.Hosting.Tests.Servers;

[Trait("Category", "Integration")]
public sealed class ClickHouseServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Single_node_without_zookeeper_is_cluster_posthog_keeps_rows_across_restarts_and_leaves_nothing_running()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var host = new ServerTestHost();
        for (var run = 1; run <= 2; run++)
        {
            var builder = host.NewBuilder();
            var clickhouse = builder.AddClickHouse("clickhouse");
            var (app, elapsed) = await host.StartAsync(builder, cts.Token, "clickhouse");
            output.WriteLine($"run {run}: clickhouse 1x1 healthy in {elapsed.TotalMilliseconds:0} ms");

            var connectionString = await app.GetConnectionStringAsync("clickhouse", cts.Token);
            Assert.Matches(@"^Endpoint=http://127\.0\.0\.1:\d+;Username=default;Password=\w+;Database=default;Cluster=posthog$", connectionString);
            var node = Assert.Single(clickhouse.Resource.Nodes);
            Assert.Equal("clickhouse-s1-r1", node.Name);
            using var http = new ClickHouseHttp(clickhouse.Resource.PasswordParameter.Value);
            if (run == 1)
            {
                await http.QueryAsync(node, "CREATE TABLE survivors (id UInt32) ENGINE = MergeTree ORDER BY id", cts.Token);
                await http.QueryAsync(node, "CREATE TABLE survivors_d AS survivors ENGINE = Distributed(posthog, default, survivors, id)", cts.Token);
                await http.QueryAsync(node, "INSERT INTO survivors VALUES (1), (2), (3)", cts.Token);
            }

            Assert.Equal("3", await http.QueryAsync(node, "SELECT count() FROM survivors_d", cts.Token));
            Assert.Contains(await http.QueryAsync(node, "SELECT timezone()", cts.Token), new[] { "UTC", "Etc/UTC" });
            using var wrong = new ClickHouseHttp("wrong");
            await Assert.ThrowsAsync<HttpRequestException>(() => wrong.QueryAsync(node, "SELECT 1", cts.Token));

            await host.StopAndAssertNoLeftoversAsync(app);
        }
    }

    [Fact]
    public async Task Single_node_with_one_zookeeper_runs_on_cluster_ddl_and_its_replicated_table_survives_a_restart_on_new_ports()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var host = new ServerTestHost();
        for (var run = 1; run <= 2; run++)
        {
            var builder = host.NewBuilder();
            var zookeeper = builder.AddZooKeeper("zookeeper");
            var clickhouse = builder.AddClickHouse("clickhouse").WithReference(zookeeper);
            var (app, elapsed) = await host.StartAsync(builder, cts.Token, "clickhouse");
            output.WriteLine($"run {run}: zookeeper x1 + clickhouse 1x1 healthy in {elapsed.TotalMilliseconds:0} ms");

            var node = clickhouse.Resource.Nodes[0];
            using var http = new ClickHouseHttp(clickhouse.Resource.PasswordParameter.Value);
            if (run == 1)
            {
                await http.QueryAsync(node, "CREATE TABLE events ON CLUSTER posthog (id UInt32) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/events', '{replica}') ORDER BY id", cts.Token);
            }

            await http.QueryAsync(node, $"INSERT INTO events VALUES ({run * 10}), ({(run * 10) + 1})", cts.Token);
            Assert.Equal($"{run * 2}", await http.QueryAsync(node, "SELECT count() FROM events", cts.Token));
            Assert.Equal("0", await http.QueryAsync(node, "SELECT is_readonly FROM system.replicas WHERE table = 'events'", cts.Token));

            await host.StopAndAssertNoLeftoversAsync(app);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Two_by_two_cluster_replicates_survives_a_killed_replica_and_the_restarted_replica_catches_up()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var host = new ServerTestHost();
        var builder = host.NewBuilder();
        var zookeeper = builder.AddZooKeeper("zookeeper", nodes: 3);
        var clickhouse = builder.AddClickHouse("clickhouse", shards: 2, replicas: 2).WithReference(zookeeper);
        var (app, elapsed) = await host.StartAsync(builder, cts.Token, "clickhouse");
        output.WriteLine($"zookeeper x3 + clickhouse 2x2 healthy in {elapsed.TotalMilliseconds:0} ms");

        var nodes = clickhouse.Resource.Nodes.ToDictionary(n => n.Name);
        Assert.Equal(["clickhouse-s1-r1", "clickhouse-s1-r2", "clickhouse-s2-r1", "clickhouse-s2-r2"], nodes.Keys.Order());
        var connectionString = await app.GetConnectionStringAsync("clickhouse", cts.Token);
        Assert.Equal(4, connectionString!.Split(';')[0].Split(',').Length);

        var (s1r1, s1r2, s2r1, s2r2) = (nodes["clickhouse-s1-r1"], nodes["clickhouse-s1-r2"], nodes["clickhouse-s2-r1"], nodes["clickhouse-s2-r2"]);
        using var http = new ClickHouseHttp(clickhouse.Resource.PasswordParameter.Value);
        await http.QueryAsync(s1r1, "CREATE TABLE events ON CLUSTER posthog (id UInt32) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/events', '{replica}') ORDER BY id", cts.Token);
        await http.QueryAsync(s1r1, "CREATE TABLE events_d ON CLUSTER posthog AS events ENGINE = Distributed(posthog, default, events, id)", cts.Token);

        const string syncInsert = "&insert_distributed_sync=1";
        await http.QueryAsync(s1r1, "INSERT INTO events_d SELECT number FROM system.numbers LIMIT 100", cts.Token, syncInsert);
        Assert.Equal("100", await http.EventuallyAsync(s2r2, "SELECT count() FROM events_d", "100", TimeSpan.FromSeconds(30), cts.Token));
        var shard1Rows = await http.QueryAsync(s1r1, "SELECT count() FROM events", cts.Token);
        Assert.Equal(shard1Rows, await http.EventuallyAsync(s1r2, "SELECT count() FROM events", shard1Rows, TimeSpan.FromSeconds(30), cts.Token));
        Assert.NotEqual("100", shard1Rows); // Rows were spread over both shards.

        // kill -9 one replica: reads and inserts through Distributed go on via its twin.
        var killed = Process.GetProcessById(ServerTestHost.ProcessIdOf(app, s1r2.Name));
        killed.Kill();
        await killed.WaitForExitAsync(cts.Token);
        await http.QueryAsync(s2r1, "INSERT INTO events_d SELECT number + 100 FROM system.numbers LIMIT 100", cts.Token, syncInsert);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("200", await http.QueryAsync(s2r1, "SELECT count() FROM events_d", cts.Token));
        }

        // Restart it from the same config and data: it catches up once its old ZooKeeper session has expired.
        var clock = Stopwatch.StartNew();
        using var restarted = await StartAgainAsync(s1r2, cts.Token);
        try
        {
            var expected = await http.QueryAsync(s1r1, "SELECT count() FROM events", cts.Token);
            Assert.Equal(expected, await http.EventuallyAsync(s1r2, "SELECT count() FROM events", expected, TimeSpan.FromSeconds(60), cts.Token));
            output.WriteLine($"restarted replica caught up in {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync(CancellationToken.None);
        }

        await host.StopAndAssertNoLeftoversAsync(app);
    }

    /// <summary>The orchestrator has no restart command yet: launch the node's own command line again.</summary>
    private static async Task<Process> StartAgainAsync(ClickHouseNodeResource node, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(node.Command) { WorkingDirectory = node.WorkingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in await ResourceEnvironment.ResolveArgumentsAsync(node, TestModel.Run, cancellationToken))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
