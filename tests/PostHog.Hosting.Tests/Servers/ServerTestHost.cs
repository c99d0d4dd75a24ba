using System.Diagnostics;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Processes;

namespace PostHog.Hosting.Tests.Servers;

/// <summary>
/// A state folder that outlives one app, so a test can stop its servers and start them again on the same data
/// (the testing harness would delete its temp folder with the app).
/// Apps it started are stopped when it is disposed, so a failing assertion leaves no server running.
/// </summary>
internal sealed class ServerTestHost : IDisposable
{
    private readonly List<DistributedApplication> _running = [];

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), "posthog-servers-tests", Guid.NewGuid().ToString("N")[..12]);

    public IDistributedApplicationBuilder NewBuilder()
    {
        var options = new DistributedApplicationOptions { Args = [], Assembly = typeof(ServerTestHost).Assembly, ProjectDirectory = AppContext.BaseDirectory };
        options.ConfigurationOverrides[AppHostConfigurationNames.StateDirectory] = StateDirectory;
        options.ConfigurationOverrides[AppHostConfigurationNames.RandomizePorts] = "true";
        options.ConfigurationOverrides[AppHostConfigurationNames.ConsoleReport] = "false";
        options.ConfigurationOverrides[AppHostConfigurationNames.StopTimeout] = "15";
        return DistributedApplication.CreateBuilder(options);
    }

    /// <summary>Builds and starts the app, then waits until every named resource is healthy; returns the time that took.</summary>
    public async Task<(DistributedApplication App, TimeSpan Elapsed)> StartAsync(IDistributedApplicationBuilder builder, CancellationToken cancellationToken, params string[] healthy)
    {
        var app = builder.Build();
        _running.Add(app);
        var clock = Stopwatch.StartNew();
        await app.StartAsync(cancellationToken);
        await Task.WhenAll(healthy.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken)));
        return (app, clock.Elapsed);
    }

    /// <summary>Every process the app launched (leaders and their sessions), for the no-leftovers check after stopping.</summary>
    public static IReadOnlyList<int> LaunchedProcesses(DistributedApplication app)
        => [.. app.ResourceNotifications.GetCurrent().Select(e => e.Snapshot.ProcessId).OfType<int>().Distinct()];

    /// <summary>Stops the app and asserts nothing it started is still running (not even a postgres backend).</summary>
    public async Task StopAndAssertNoLeftoversAsync(DistributedApplication app)
    {
        var sessions = LaunchedProcesses(app);
        _running.Remove(app);
        await app.DisposeAsync();
        var survivors = sessions.SelectMany(ProcessInfo.InSession).Where(p => !IsZombie(p.ProcessId)).Select(p => $"{p.ProcessId} {p.Name}").ToList();
        Assert.True(survivors.Count == 0, $"left running: {string.Join(", ", survivors)}");
    }

    public static int ProcessIdOf(DistributedApplication app, string resourceName)
        => app.ResourceNotifications.TryGetCurrentState(resourceName, out var state) && state?.Snapshot.ProcessId is { } pid
            ? pid
            : throw new InvalidOperationException($"{resourceName} has no process");

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var app in _running)
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A SIGKILLed server may still be releasing a file; it is a temp folder.
        }
    }
}
