using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Orchestration;
using PostHog.Hosting.Processes;
using PostHog.Hosting.Publishing;

namespace PostHog.Hosting;

/// <summary>The built AppHost: runs (orchestrates) or publishes the model. Wraps a generic host, like Aspire's.</summary>
public sealed partial class DistributedApplication : IHost, IAsyncDisposable
{
    private readonly IHost _host;
    private readonly DistributedApplicationBuilder _builder;
    private readonly List<Action> _onDisposed = [];

    internal DistributedApplication(IHost host, DistributedApplicationBuilder builder)
    {
        _host = host;
        _builder = builder;
    }

    public static IDistributedApplicationBuilder CreateBuilder(string[] args)
        => CreateBuilder(new DistributedApplicationOptions { Args = args });

    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options)
    {
        TestingHook?.ConfigureOptions?.Invoke(options);
        return new DistributedApplicationBuilder(options);
    }

    public IServiceProvider Services => _host.Services;

    public ResourceNotificationService ResourceNotifications => Services.GetRequiredService<ResourceNotificationService>();

    /// <summary>Stop, start and restart single resources while the app runs.</summary>
    public ResourceCommandService ResourceCommands => Services.GetRequiredService<ResourceCommandService>();

    public DistributedApplicationModel Model => Services.GetRequiredService<DistributedApplicationModel>();

    public IDistributedApplicationBuilder Builder => _builder;

    /// <summary>Runs until Ctrl+C/SIGTERM. A resource that fails to start stops everything with exit code 1.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var context = Services.GetRequiredService<DistributedApplicationExecutionContext>();
        if (context.IsPublishMode)
        {
            System.Environment.ExitCode = await PublisherInvoker.PublishAsync(Services, cancellationToken).ConfigureAwait(false);
            return;
        }

        var report = _builder.Configuration.GetValue(AppHostConfigurationNames.ConsoleReport, true)
            ? ActivatorUtilities.CreateInstance<ConsoleReporter>(Services)
            : null;
        report?.Begin();
        try
        {
            await _host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ResourceStartException or DistributedApplicationException)
        {
            await FailAsync(report, e.Message).ConfigureAwait(false);
            return;
        }

        var orchestrator = Services.GetRequiredService<ApplicationOrchestrator>();
        var lifetime = Services.GetRequiredService<IHostApplicationLifetime>();
        var startup = await orchestrator.Startup.WaitAsync(lifetime.ApplicationStopping).ContinueWith(t => t, TaskScheduler.Default).ConfigureAwait(false);
        if (startup.IsCompletedSuccessfully && startup.Result is { } failure)
        {
            await FailAsync(report, failure).ConfigureAwait(false);
            return;
        }

        if (startup.IsCompletedSuccessfully)
        {
            report?.PrintTable();
        }

        await _host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        report?.End();
    }

    private async Task FailAsync(ConsoleReporter? report, string message)
    {
        report?.PrintFailure(message);
        if (report is null)
        {
            await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
        }

        System.Environment.ExitCode = 1;
        await _host.StopAsync().ConfigureAwait(false);
        report?.End();
    }

    /// <summary>Starts every resource (returns once all are launched or waiting; use ResourceNotifications to wait for health).</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _host.StartAsync(cancellationToken);

    /// <summary>Stops dependents before their dependencies: SIGTERM, then SIGKILL after AppHost:StopTimeout.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _host.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Services.GetRequiredService<ApplicationOrchestrator>().StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _host.Dispose();
        }

        foreach (var action in _onDisposed)
        {
            action();
        }
    }

    /// <summary>Runs after the app is disposed (the testing harness removes its temp state folder).</summary>
    internal void OnDisposed(Action action) => _onDisposed.Add(action);

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
