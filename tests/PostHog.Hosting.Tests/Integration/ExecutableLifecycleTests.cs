using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Orchestration;
using PostHog.Hosting.Processes;
using PostHog.Hosting.Testing;

namespace PostHog.Hosting.Tests.Integration;

/// <summary>Ad-hoc models of small real programs (python3 http.server, sh, sleep) through the whole orchestrator.</summary>
[Trait("Category", "Integration")]
public sealed class ExecutableLifecycleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private static IResourceBuilder<ExecutableResource> AddHttpServer(IDistributedApplicationBuilder builder, string name)
        => builder.AddExecutable(name, "python3", ".", "-m", "http.server", "--bind", "127.0.0.1")
            .WithHttpEndpoint()
            .WithArgs(c => c.Args.Add(new EndpointReference((IResourceWithEndpoints)c.Resource, "http").Property(EndpointProperty.Port)));

    private static ConcurrentQueue<ResourceEvent> Record(DistributedApplication app, CancellationToken cancellationToken)
    {
        var events = new ConcurrentQueue<ResourceEvent>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in app.ResourceNotifications.WatchAsync(cancellationToken))
                {
                    events.Enqueue(e);
                }
            }
            catch (OperationCanceledException)
            {
                // Test over.
            }
        }, CancellationToken.None);
        return events;
    }

    private static Task<string?> Startup(DistributedApplication app) => app.Services.GetRequiredService<ApplicationOrchestrator>().Startup;

    [Fact]
    public async Task Http_server_runs_becomes_healthy_and_serves_on_its_allocated_port()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        AddHttpServer(builder, "web").WithHttpHealthCheck("/");
        await using var app = await builder.BuildAsync(cts.Token);

        await app.StartAsync(cts.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("web", cts.Token);

        using var client = app.CreateHttpClient("web");
        using var response = await client.GetAsync("/", cts.Token);
        Assert.True(response.IsSuccessStatusCode);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("web", out var state));
        Assert.Equal(KnownResourceStates.Running, state!.Snapshot.State);
        Assert.Equal(HealthStatus.Healthy, state.Snapshot.HealthStatus);
        Assert.NotNull(state.Snapshot.ProcessId);
        Assert.True(File.Exists(state.Snapshot.LogFile));
        Assert.Null(await Startup(app).WaitAsync(cts.Token));
    }

    [Fact]
    public async Task WaitFor_starts_the_waiter_only_after_the_dependency_is_healthy_and_its_ready_handlers_ran()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var server = AddHttpServer(builder, "server").WithHttpHealthCheck("/");
        builder.AddExecutable("client", "sleep", ".", "60").WaitFor(server);
        DateTime? readyHandlerDone = null;
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (_, ct) =>
        {
            await Task.Delay(300, ct);
            readyHandlerDone = DateTime.UtcNow;
        });
        await using var app = await builder.BuildAsync(cts.Token);
        var events = Record(app, cts.Token);

        await app.StartAsync(cts.Token);
        await app.ResourceNotifications.WaitForResourceAsync("client", KnownResourceStates.Running, cts.Token);

        await WaitUntil(() => events.Any(e => e.Resource.Name == "client" && e.Snapshot.State == KnownResourceStates.Running), cts.Token);
        var client = events.Where(e => e.Resource.Name == "client").Select(e => e.Snapshot.State).Where(s => s != KnownResourceStates.NotStarted).Distinct().ToList();
        Assert.Equal([KnownResourceStates.Waiting, KnownResourceStates.Starting, KnownResourceStates.Running], client);
        var serverHealthy = events.First(e => e.Resource.Name == "server" && e.Snapshot.HealthStatus == HealthStatus.Healthy);
        var clientStarting = events.First(e => e.Resource.Name == "client" && e.Snapshot.State == KnownResourceStates.Starting);
        Assert.True(Array.IndexOf(events.ToArray(), serverHealthy) < Array.IndexOf(events.ToArray(), clientStarting));
        Assert.NotNull(readyHandlerDone);
        Assert.True(readyHandlerDone <= DateTime.UtcNow);
    }

    [Fact]
    public async Task A_dependency_that_exits_makes_its_waiter_FailedToStart_and_startup_reports_the_cause()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        // With a health check it cannot count as ready in the moment between launch and exit.
        var broken = builder.AddExecutable("broken", "sh", ".", "-c", "echo 'config error: bad port' >&2; exit 3")
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/");
        builder.AddExecutable("waiter", "sleep", ".", "60").WaitFor(broken);
        await using var app = await builder.BuildAsync(cts.Token);

        await app.StartAsync(cts.Token);
        var waiter = await app.ResourceNotifications.WaitForResourceAsync("waiter", KnownResourceStates.FailedToStart, cts.Token);
        var failure = await Startup(app).WaitAsync(cts.Token);

        Assert.Equal("dependency 'broken' is Exited: exited with code 3", waiter.Snapshot.Message);
        Assert.NotNull(failure);
        Assert.StartsWith("broken: exited with code 3 during start-up (last output: config error: bad port)", failure, StringComparison.Ordinal);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("broken", out var broke));
        Assert.Equal(3, broke!.Snapshot.ExitCode);
        await Assert.ThrowsAsync<DependencyFailedException>(() => app.ResourceNotifications.WaitForResourceHealthyAsync("waiter", cts.Token));
    }

    [Fact]
    public async Task WaitForCompletion_waits_for_a_successful_exit_and_fails_on_a_wrong_exit_code()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var migrate = builder.AddExecutable("migrate", "sh", ".", "-c", "sleep 0.3; exit 0");
        var seed = builder.AddExecutable("seed", "sh", ".", "-c", "exit 0");
        builder.AddExecutable("service", "sleep", ".", "60").WaitForCompletion(migrate);
        builder.AddExecutable("strict", "sleep", ".", "60").WaitForCompletion(seed, exitCode: 7);
        await using var app = await builder.BuildAsync(cts.Token);

        await app.StartAsync(cts.Token);
        await app.ResourceNotifications.WaitForResourceAsync("service", KnownResourceStates.Running, cts.Token);
        var strict = await app.ResourceNotifications.WaitForResourceAsync("strict", KnownResourceStates.FailedToStart, cts.Token);

        Assert.True(app.ResourceNotifications.TryGetCurrentState("migrate", out var migrated));
        Assert.Equal(KnownResourceStates.Finished, migrated!.Snapshot.State);
        Assert.Contains("expected exit code 7", strict.Snapshot.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_executable_is_one_line_with_the_install_hint()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("postgres", "/usr/lib/postgresql/99/bin/postgres", ".").WithInstallHint("apt-get install -y postgresql-99");
        await using var app = await builder.BuildAsync(cts.Token);

        await app.StartAsync(cts.Token);
        var failure = await Startup(app).WaitAsync(cts.Token);

        Assert.Equal("postgres: /usr/lib/postgresql/99/bin/postgres not found — run: apt-get install -y postgresql-99", failure);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("postgres", out var state));
        Assert.Equal(KnownResourceStates.FailedToStart, state!.Snapshot.State);
    }

    [Fact]
    public async Task A_fixed_port_in_use_fails_start_naming_the_owner()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var builder = DistributedApplicationTestingBuilder.Create("--AppHost:RandomizePorts=false");
        builder.AddExecutable("ingress", "sleep", ".", "60").WithHttpEndpoint(port: port);
        await using var app = await builder.BuildAsync(cts.Token);

        var error = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(cts.Token));

        Assert.StartsWith($"ingress: port {port} is already in use by pid {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Testing_mode_randomizes_fixed_ports()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("ingress", "sleep", ".", "60").WithHttpEndpoint(port: port);
        await using var app = await builder.BuildAsync(cts.Token);

        await app.StartAsync(cts.Token);

        Assert.NotEqual(port, app.GetEndpoint("ingress").Port);
    }

    [Fact]
    public async Task A_resource_that_never_gets_healthy_fails_after_its_start_timeout()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        AddHttpServer(builder, "web").WithHttpHealthCheck("/no-such-page").WithStartTimeout(TimeSpan.FromSeconds(5));
        await using var app = await builder.BuildAsync(cts.Token);

        await app.StartAsync(cts.Token);
        var failure = await Startup(app).WaitAsync(cts.Token);

        Assert.NotNull(failure);
        Assert.Contains("web: did not become healthy within 5 s (last check: GET http://127.0.0.1:", failure, StringComparison.Ordinal);
        Assert.True(failure.Contains("answered 404, expected 200", StringComparison.Ordinal), failure);
        var state = await app.ResourceNotifications.WaitForResourceAsync("web", KnownResourceStates.FailedToStart, cts.Token);
        Assert.NotNull(state);
    }

    [Fact]
    public async Task Stop_terminates_the_whole_process_group()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("forker", "sh", ".", "-c", "sleep 300 & sleep 300 & wait");
        await using var app = await builder.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);
        var running = await app.ResourceNotifications.WaitForResourceAsync("forker", KnownResourceStates.Running, cts.Token);
        var pid = running.Snapshot.ProcessId!.Value;
        await WaitUntil(() => ProcessInfo.InSession(pid).Count >= 3, cts.Token);

        await app.StopAsync(cts.Token);

        await WaitUntil(() => ProcessInfo.InSession(pid).All(p => ProcessInfo.IsGone(p.ProcessId)), cts.Token);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("forker", out var stopped));
        Assert.Equal(KnownResourceStates.Finished, stopped!.Snapshot.State);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.Builder.StateDirectory, "pids")));
    }

    [Fact]
    public async Task Leftovers_of_a_killed_AppHost_are_cleaned_at_the_next_start()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var state = Path.Combine(Path.GetTempPath(), "posthog-hosting-tests", Guid.NewGuid().ToString("N"));
        try
        {
            // What a SIGKILLed AppHost leaves: a running child (with a grandchild) and its pid record.
            var log = new Logging.ResourceLoggerService(new Logging.SecretMasker(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance)
                .Open(new ExecutableResource("orphan", "sh", "/"), "orphan", Path.Combine(state, "orphan.log"));
            var orphan = new ProcessExecutor(state).Start(new ProcessSpec("orphan", "sh", ["-c", "sleep 300 & wait"], "/", new Dictionary<string, string>()), log);
            await WaitUntil(() => ProcessInfo.InSession(orphan.ProcessId).Count >= 2, cts.Token);

            await using var builder = DistributedApplicationTestingBuilder.Create($"--AppHost:StateDirectory={state}");
            builder.AddExecutable("next", "sleep", ".", "60");
            await using var app = await builder.BuildAsync(cts.Token);
            var notices = new List<string>();
            app.Services.GetRequiredService<ApplicationOrchestrator>().Notice += notices.Add;

            await app.StartAsync(cts.Token);

            var notice = Assert.Single(notices);
            Assert.StartsWith($"orphan: killed leftover process(es) from a previous run: {orphan.ProcessId} sh", notice, StringComparison.Ordinal);
            await WaitUntil(() => ProcessInfo.InSession(orphan.ProcessId).All(p => ProcessInfo.IsGone(p.ProcessId)), cts.Token);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task Secrets_are_masked_in_snapshots_and_logs()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var password = builder.AddParameter("password", "correct-horse-battery", secret: true);
        builder.AddExecutable("echo", "sh", ".", "-c", "echo \"pw is $PASSWORD\"; sleep 60").WithEnvironment("PASSWORD", password.Resource);
        await using var app = await builder.BuildAsync(cts.Token);

        await app.StartAsync(cts.Token);
        var running = await app.ResourceNotifications.WaitForResourceAsync("echo", KnownResourceStates.Running, cts.Token);
        await WaitUntil(() => File.ReadAllText(running.Snapshot.LogFile!).Contains("pw is", StringComparison.Ordinal), cts.Token);

        Assert.Equal("***", running.Snapshot.EnvironmentVariables.Single(e => e.Key == "PASSWORD").Value);
        Assert.Equal("pw is ***", File.ReadAllText(running.Snapshot.LogFile!).Trim());
        var logs = app.Services.GetRequiredService<Logging.ResourceLoggerService>();
        Assert.Equal("pw is ***", logs.GetTail("echo").Single().Content);
    }

    private static async Task WaitUntil(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
