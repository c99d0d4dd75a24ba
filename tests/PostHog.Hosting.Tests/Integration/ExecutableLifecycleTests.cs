using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Testing;

namespace PostHog.Hosting.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class ExecutableLifecycleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Http_server_runs_becomes_healthy_and_serves_on_its_allocated_port()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("web", "python3", ".", "-m", "http.server", "--bind", "127.0.0.1")
            .WithHttpEndpoint(env: "PORT")
            .WithArgs(context => context.Args.Add(new EndpointReference(context.Resource as IResourceWithEndpoints ?? throw new InvalidOperationException(), "http").Property(EndpointProperty.Port)))
            .WithHttpHealthCheck("/");
        await using var app = await builder.BuildAsync(cts.Token);

        await app.StartAsync(cts.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("web", cts.Token);

        using var client = app.CreateHttpClient("web");
        using var response = await client.GetAsync("/", cts.Token);
        Assert.True(response.IsSuccessStatusCode);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("web", out var state));
        Assert.Equal(KnownResourceStates.Running, state!.Snapshot.State);
        Assert.NotNull(state.Snapshot.ProcessId);
    }
}
