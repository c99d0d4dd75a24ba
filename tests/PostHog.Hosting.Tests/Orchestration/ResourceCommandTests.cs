using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Processes;
using PostHog.Hosting.Testing;

// Not "…Tests.Orchestration": that namespace would hide PostHog.Hosting.Orchestration from the other test files.
namespace PostHog.Hosting.Tests.ResourceCommands;

/// <summary>ResourceCommandService on real processes (python3 http.server): stop, start, restart, and start after a crash.</summary>
[Trait("Category", "Integration")]
public sealed class ResourceCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static IResourceBuilder<ExecutableResource> AddHttpServer(IDistributedApplicationBuilder builder, string name)
        => builder.AddExecutable(name, "python3", ".", "-m", "http.server", "--bind", "127.0.0.1")
            .WithHttpEndpoint()
            .WithArgs(c => c.Args.Add(new EndpointReference((IResourceWithEndpoints)c.Resource, "http").Property(EndpointProperty.Port)))
            .WithHttpHealthCheck("/");

    [Fact]
    public async Task Stop_then_start_relaunches_on_the_same_port_counts_a_restart_and_gets_healthy_again()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        AddHttpServer(builder, "web");
        await using var app = await builder.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);
        var first = await app.ResourceNotifications.WaitForResourceHealthyAsync("web", cts.Token);
        var firstPid = first.Snapshot.ProcessId!.Value;

        await app.ResourceCommands.StopAsync("web", cts.Token);

        Assert.True(app.ResourceNotifications.TryGetCurrentState("web", out var stopped));
        Assert.Equal(KnownResourceStates.Finished, stopped!.Snapshot.State);
        Assert.Equal("stopped by command", stopped.Snapshot.Message);
        Assert.True(ProcessInfo.IsGone(firstPid));
        using (var client = app.CreateHttpClient("web"))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/", cts.Token));
        }

        await app.ResourceCommands.StartAsync("web", cts.Token);
        var again = await app.ResourceNotifications.WaitForResourceHealthyAsync("web", cts.Token);

        Assert.Equal(KnownResourceStates.Running, again.Snapshot.State);
        Assert.Equal(HealthStatus.Healthy, again.Snapshot.HealthStatus);
        Assert.Equal(1, again.Snapshot.Restarts);
        Assert.NotEqual(firstPid, again.Snapshot.ProcessId);
        using var after = app.CreateHttpClient("web");
        Assert.True((await after.GetAsync("/", cts.Token)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_killed_process_is_Exited_and_start_brings_it_back()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        AddHttpServer(builder, "web");
        await using var app = await builder.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);
        var running = await app.ResourceNotifications.WaitForResourceHealthyAsync("web", cts.Token);

        Process.GetProcessById(running.Snapshot.ProcessId!.Value).Kill();
        await app.ResourceNotifications.WaitForResourceAsync("web", KnownResourceStates.Exited, cts.Token);
        await app.ResourceCommands.StartAsync("web", cts.Token);
        var back = await app.ResourceNotifications.WaitForResourceHealthyAsync("web", cts.Token);

        Assert.Equal(1, back.Snapshot.Restarts);
        Assert.Null(back.Snapshot.ExitCode);
    }

    [Fact]
    public async Task Unknown_names_and_commands_are_refused_with_a_reason()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("sleeper", "sleep", ".", "60");
        builder.AddParameter("setting", "x");
        await using var app = await builder.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);

        await Assert.ThrowsAsync<ArgumentException>(() => app.ResourceCommands.StopAsync("nope", cts.Token));
        Assert.False(app.ResourceCommands.CanExecute("setting"));
        Assert.True(app.ResourceCommands.CanExecute("sleeper"));
        var result = await app.ResourceCommands.ExecuteCommandAsync("sleeper", "resource-explode", cts.Token);
        Assert.False(result.Success);
        Assert.Equal("unknown command 'resource-explode'", result.ErrorMessage);
        Assert.True((await app.ResourceCommands.ExecuteCommandAsync("sleeper", KnownResourceCommands.RestartCommand, cts.Token)).Success);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("sleeper", out var sleeper));
        Assert.Equal((KnownResourceStates.Running, 1), (sleeper!.Snapshot.State, sleeper.Snapshot.Restarts));
    }
}
