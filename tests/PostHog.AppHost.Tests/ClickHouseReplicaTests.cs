using System.Diagnostics;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Testing;

namespace PostHog.AppHost.Tests;

/// <summary>1 shard × 2 replicas (+1 ZooKeeper): killing one replica leaves the other serving and the AppHost running.</summary>
public sealed class ReplicatedClickHouseFixture()
    : DistributedApplicationFactory<Projects.PostHog_AppHost>(["--topology", "small", "--Topology:ClickHouseReplicas=2"]), IAsyncLifetime
{
    protected override Task OnStartedAsync(DistributedApplication app, CancellationToken cancellationToken)
        => app.ResourceNotifications.WaitForResourceHealthyAsync("clickhouse", cancellationToken);
}

[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class ClickHouseReplicaTests(ReplicatedClickHouseFixture fixture) : IClassFixture<ReplicatedClickHouseFixture>
{
    [Fact]
    public async Task Killing_one_replica_marks_it_Exited_and_the_other_keeps_answering()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var app = fixture.App;
        var victim = app.ResourceNotifications.GetInstances("clickhouse-s1-r2").Single();
        var password = (await app.GetConnectionStringAsync("clickhouse", cts.Token))!
            .Split(';').Single(p => p.StartsWith("Password=", StringComparison.Ordinal))["Password=".Length..];

        Process.GetProcessById(victim.Snapshot.ProcessId!.Value).Kill();
        var exited = await app.ResourceNotifications.WaitForResourceAsync("clickhouse-s1-r2", KnownResourceStates.Exited, cts.Token);

        Assert.Equal(137, exited.Snapshot.ExitCode);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("clickhouse-s1-r1", out var survivor));
        Assert.Equal(KnownResourceStates.Running, survivor!.Snapshot.State);
        using var client = app.CreateHttpClient("clickhouse-s1-r1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?query=SELECT%201");
        request.Headers.Add("X-ClickHouse-User", "default");
        request.Headers.Add("X-ClickHouse-Key", password);
        using var response = await client.SendAsync(request, cts.Token);
        Assert.Equal("1", (await response.Content.ReadAsStringAsync(cts.Token)).Trim());
    }
}
