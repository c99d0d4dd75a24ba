using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Health;
using PostHog.Hosting.Logging;
using PostHog.Hosting.Processes;

namespace PostHog.Hosting.Orchestration;

/// <summary>
/// Runs the model (Aspire's ApplicationOrchestrator + DcpExecutor, minus DCP): allocates ports, starts every resource
/// in parallel as its waits allow, tracks state and health, reports the first start-up failure, and stops
/// dependents before dependencies. Processes are native and unproxied (see <see cref="ProcessExecutor"/>).
/// </summary>
public sealed partial class ApplicationOrchestrator
{
    private readonly DistributedApplicationModel _model;
    private readonly DistributedApplicationExecutionContext _executionContext;
    private readonly IDistributedApplicationEventing _eventing;
    private readonly ResourceNotificationService _notifications;
    private readonly ResourceLoggerService _logs;
    private readonly SecretMasker _masker;
    private readonly ResourceHealthCheckService _health;
    private readonly IServiceProvider _services;
    private readonly IConfiguration _configuration;
    private readonly AppHostPaths _paths;
    private readonly PortAllocator _ports = new();
    private readonly ProcessExecutor _executor;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<string?> _startup = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<IResource, List<ResourceInstance>> _instances = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<IResource, TaskCompletionSource> _settled = new(ReferenceEqualityComparer.Instance);
    private readonly List<Task> _running = [];
    private Task? _stopTask;

    public ApplicationOrchestrator(
        DistributedApplicationModel model,
        DistributedApplicationExecutionContext executionContext,
        IDistributedApplicationEventing eventing,
        ResourceNotificationService notifications,
        ResourceLoggerService logs,
        SecretMasker masker,
        ResourceHealthCheckService health,
        IServiceProvider services,
        IConfiguration configuration,
        AppHostPaths paths)
    {
        _model = model;
        _executionContext = executionContext;
        _eventing = eventing;
        _notifications = notifications;
        _logs = logs;
        _masker = masker;
        _health = health;
        _services = services;
        _configuration = configuration;
        _paths = paths;
        _executor = new ProcessExecutor(paths.StateDirectory);
        _logs.ForwardToLogger = configuration.GetValue(AppHostConfigurationNames.ForwardResourceLogs, false);
    }

    /// <summary>Completes with null once every resource is ready (or finished), or with the first failure's one-line message.</summary>
    public Task<string?> Startup => _startup.Task;

    /// <summary>Things worth telling the user that are not resource states (leftovers killed, state folder wiped).</summary>
    public event Action<string>? Notice;

    public TimeSpan StopTimeout => TimeSpan.FromSeconds(_configuration.GetValue(AppHostConfigurationNames.StopTimeout, 10.0));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        WaitGraph.Validate(_model.Resources);
        await PrepareStateDirectoryAsync(cancellationToken).ConfigureAwait(false);
        RegisterSecrets();
        AllocatePorts();

        foreach (var resource in _model.Resources)
        {
            _settled[resource] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var instance in _instances.GetValueOrDefault(resource) ?? [new ResourceInstance(resource, 0, 1)])
            {
                await _notifications.PublishUpdateAsync(resource, instance.Id, s => s with
                {
                    State = KnownResourceStates.NotStarted,
                    ReplicaIndex = instance.Index,
                    Parent = ResourceHierarchy.ParentOf(resource)?.Name,
                    Urls = [.. instance.Endpoints.Values.Select(e => e.UriString)],
                }).ConfigureAwait(false);
            }
        }

        await _eventing.PublishAsync(new BeforeStartEvent(_services, _model), cancellationToken).ConfigureAwait(false);

        var stopping = _stopping.Token;
        foreach (var resource in _model.Resources)
        {
            Track(ResourceHierarchy.IsLaunchable(resource)
                ? Task.Run(() => RunLaunchableAsync(resource, stopping), CancellationToken.None)
                : Task.Run(() => RunLogicalAsync(resource, stopping), CancellationToken.None));
        }

        _ = Task.WhenAll(_settled.Values.Select(s => s.Task)).ContinueWith(_ => _startup.TrySetResult(null), TaskScheduler.Default);
    }

    private async Task PrepareStateDirectoryAsync(CancellationToken cancellationToken)
    {
        var state = _paths.StateDirectory;
        foreach (var line in await LeftoverProcessCleaner.CleanAsync(state, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false))
        {
            Notice?.Invoke(line);
        }

        if (_configuration.GetValue(AppHostConfigurationNames.Fresh, false) && Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
            Notice?.Invoke($"--fresh: deleted {state}");
        }

        Directory.CreateDirectory(state);
    }

    /// <summary>Every secret parameter's value is known to the masker before anything can print it.</summary>
    private void RegisterSecrets()
    {
        foreach (var parameter in _model.Resources.OfType<ParameterResource>().Where(p => p.Secret))
        {
            _masker.Add(parameter.Value);
        }
    }

    private void AllocatePorts()
    {
        var randomize = _configuration.GetValue(AppHostConfigurationNames.RandomizePorts, false);
        foreach (var resource in _model.Resources.OfType<IResourceWithEndpoints>())
        {
            var replicas = resource.GetReplicaCount();
            var instances = Enumerable.Range(0, replicas).Select(i => new ResourceInstance(resource, i, replicas)).ToList();
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                var allocated = new List<AllocatedEndpoint>();
                foreach (var instance in instances)
                {
                    var port = endpoint.Port is { } fixedPort && !randomize && instance.Index == 0
                        ? _ports.Claim(resource.Name, fixedPort)
                        : _ports.AllocateFree();
                    var address = new AllocatedEndpoint(endpoint, PortAllocator.Loopback, port);
                    instance.Endpoints[endpoint.Name] = address;
                    allocated.Add(address);
                }

                endpoint.AllocatedEndpoint = allocated[0];
                endpoint.AllocatedEndpoints = allocated;
            }

            _instances[resource] = instances;
        }

        foreach (var resource in _model.Resources.Where(ResourceHierarchy.IsLaunchable).Where(r => !_instances.ContainsKey(r)))
        {
            _instances[resource] = [new ResourceInstance(resource, 0, 1)];
        }
    }

    private async Task RunLaunchableAsync(IResource resource, CancellationToken stopping)
    {
        var instances = _instances[resource];
        try
        {
            if (resource.Annotations.OfType<WaitAnnotation>().Any())
            {
                foreach (var instance in instances.Skip(1))
                {
                    await Publish(instance, s => s with { State = KnownResourceStates.Waiting }).ConfigureAwait(false);
                }

                await _notifications.WaitForDependenciesAsync(resource, instances[0].Id, stopping).ConfigureAwait(false);
            }

            foreach (var instance in instances)
            {
                await Publish(instance, s => s with { State = KnownResourceStates.Starting }).ConfigureAwait(false);
            }

            await _eventing.PublishAsync(new BeforeResourceStartedEvent(resource, _services), stopping).ConfigureAwait(false);
            foreach (var instance in instances)
            {
                await LaunchAsync(instance, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (DependencyFailedException e)
        {
            await FailAsync(resource, $"dependency {e.Message}", reportAsCause: false).ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            await FailAsync(resource, e.Message, reportAsCause: true).ConfigureAwait(false);
            return;
        }

        await MonitorUntilReadyAsync(resource, instances, stopping).ConfigureAwait(false);
    }

    private async Task LaunchAsync(ResourceInstance instance, CancellationToken stopping)
    {
        var resource = instance.Resource;
        var environment = await ResourceEnvironment.ResolveEnvironmentAsync(resource, _executionContext, stopping).ConfigureAwait(false);
        InstanceEnvironment.Apply(instance, environment);
        var arguments = await ResourceEnvironment.ResolveArgumentsAsync(resource, _executionContext, stopping).ConfigureAwait(false);

        var (command, args, workingDirectory) = resource switch
        {
            ProjectResource project when ProjectLaunchCommand.For(project, arguments) is var (c, a) => (c, a, Path.GetDirectoryName(project.ProjectPath)!),
            ExecutableResource executable => (executable.Command, arguments, executable.WorkingDirectory),
            _ => throw new InvalidOperationException($"'{resource.Name}' cannot be launched."),
        };

        var logFile = Path.Combine(_paths.StateDirectory, resource.Name, "logs", $"{instance.LogName}.log");
        instance.Log = _logs.Open(resource, instance.Id, logFile);
        var spec = new ProcessSpec(instance.Id, command, args, workingDirectory, environment);
        instance.Process = _executor.Start(spec, instance.Log, resource.Annotations.OfType<ExecutableInstallHintAnnotation>().LastOrDefault()?.Hint);

        var hasChecks = resource.Annotations.OfType<HealthCheckAnnotation>().Any();
        await Publish(instance, s => s with
        {
            State = KnownResourceStates.Running,
            HealthStatus = hasChecks ? HealthStatus.Unhealthy : null,
            StartTimeStamp = DateTime.UtcNow,
            ProcessId = instance.Process.ProcessId,
            LogFile = logFile,
            CommandLine = _masker.Mask(string.Join(' ', [command, .. args])),
            Message = null,
            EnvironmentVariables = [.. environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, _masker.Mask(e.Value)))],
        }).ConfigureAwait(false);
        Track(ObserveExitAsync(instance));
    }

    private async Task MonitorUntilReadyAsync(IResource resource, IReadOnlyList<ResourceInstance> instances, CancellationToken stopping)
    {
        if (resource is IResourceWithConnectionString)
        {
            await _eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, _services), stopping).ConfigureAwait(false);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var monitor = _health.MonitorAsync(resource, () => BecomeReadyAsync(resource, ready, stopping), stopping);
        _monitors[resource] = monitor;
        Track(monitor);

        var timeout = resource.Annotations.OfType<StartTimeoutAnnotation>().LastOrDefault()?.Timeout
            ?? TimeSpan.FromSeconds(_configuration.GetValue(AppHostConfigurationNames.StartTimeout, 60.0));
        var processes = instances.Where(i => i.Process is not null).Select(i => (Task)i.Process!.Exited).ToList();
        Task exited = processes.Count > 0 ? Task.WhenAny(processes) : new TaskCompletionSource().Task;
        try
        {
            var first = await Task.WhenAny(ready.Task, exited, Task.Delay(timeout, stopping)).ConfigureAwait(false);
            if (first == ready.Task || stopping.IsCancellationRequested || first == exited)
            {
                return; // Ready, stopping, or an exit that ObserveExitAsync reports.
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // One more check, so the message shows the current reason rather than the last polled one.
        var (_, last) = await _health.CheckAsync(resource, CancellationToken.None).ConfigureAwait(false);
        var message = string.Create(CultureInfo.InvariantCulture,
            $"did not become healthy within {timeout.TotalSeconds:0} s{(last is null ? string.Empty : $" (last check: {last})")} — see {instances[0].Log?.FilePath}");
        foreach (var instance in instances)
        {
            instance.StopRequested = true;
            if (instance.Process is { } process)
            {
                process.StopRequested = true;
                await ProcessExecutor.StopAsync(process, StopTimeout).ConfigureAwait(false);
            }
        }

        await FailAsync(resource, message, reportAsCause: true).ConfigureAwait(false);
    }

    private async Task BecomeReadyAsync(IResource resource, TaskCompletionSource ready, CancellationToken stopping)
    {
        try
        {
            await _eventing.PublishAsync(new ResourceReadyEvent(resource, _services), stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await FailAsync(resource, $"ResourceReadyEvent handler failed: {e.Message}", reportAsCause: true).ConfigureAwait(false);
            return;
        }

        _notifications.MarkReady(resource.Name);
        ready.TrySetResult();
        _settled[resource].TrySetResult();
    }

    private async Task ObserveExitAsync(ResourceInstance instance)
    {
        var process = instance.Process!;
        var code = await process.Exited.ConfigureAwait(false);
        // A stop we asked for, or an exit seen only after a restart replaced the process: the stopper reports it.
        if (process.StopRequested || instance.StopRequested || !ReferenceEquals(instance.Process, process))
        {
            return;
        }

        var resource = instance.Resource;
        var wasReady = _settled[resource].Task.IsCompleted;
        var lastLine = instance.Log?.Tail().LastOrDefault(l => !string.IsNullOrWhiteSpace(l.Content))?.Content;
        var message = string.Create(CultureInfo.InvariantCulture, $"exited with code {code}");
        await Publish(instance, s => s with
        {
            State = code == 0 ? KnownResourceStates.Finished : KnownResourceStates.Exited,
            ExitCode = code,
            StopTimeStamp = DateTime.UtcNow,
            HealthStatus = null,
            Message = message,
        }).ConfigureAwait(false);
        await _eventing.PublishAsync(new ResourceStoppedEvent(resource, _services)).ConfigureAwait(false);

        if (!wasReady)
        {
            if (code == 0)
            {
                _settled[resource].TrySetResult(); // A one-shot job (migrator) that finished.
                _notifications.MarkNeverReady(resource.Name, "finished");
            }
            else
            {
                var detail = lastLine is null ? string.Empty : $" (last output: {Trim(lastLine)})";
                ReportFailure($"{resource.Name}: {message} during start-up{detail} — see {instance.Log?.FilePath}");
                _notifications.MarkNeverReady(resource.Name, message);
                _settled[resource].TrySetResult();
            }
        }
    }

    /// <summary>Parameters, connection strings, databases, clusters: no process; state follows children or parent.</summary>
    private async Task RunLogicalAsync(IResource resource, CancellationToken stopping)
    {
        try
        {
            var children = ResourceHierarchy.ChildrenOf(resource, _model.Resources);
            if (children.Count > 0)
            {
                await Publish(resource, s => s with { State = KnownResourceStates.Starting }).ConfigureAwait(false);
                await Task.WhenAll(children.Select(c => _notifications.WaitForResourceHealthyAsync(c.Name, stopping))).ConfigureAwait(false);
            }
            else if (ResourceHierarchy.ParentOf(resource) is { } parent)
            {
                await Publish(resource, s => s with { State = KnownResourceStates.Waiting }).ConfigureAwait(false);
                await _notifications.WaitForResourceHealthyAsync(parent.Name, stopping).ConfigureAwait(false);
            }

            await Publish(resource, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
                HealthStatus = resource.Annotations.OfType<HealthCheckAnnotation>().Any() ? HealthStatus.Unhealthy : null,
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is DependencyFailedException or InvalidOperationException)
        {
            await FailAsync(resource, $"dependency {e.Message}", reportAsCause: false).ConfigureAwait(false);
            return;
        }

        await MonitorUntilReadyAsync(resource, [], stopping).ConfigureAwait(false);
    }

    private async Task FailAsync(IResource resource, string message, bool reportAsCause)
    {
        foreach (var instance in _notifications.GetInstances(resource.Name))
        {
            await _notifications.PublishUpdateAsync(resource, instance.ResourceId, s => s with
            {
                State = KnownResourceStates.FailedToStart,
                HealthStatus = null,
                Message = message,
            }).ConfigureAwait(false);
        }

        if (reportAsCause)
        {
            ReportFailure($"{resource.Name}: {message}");
        }

        _notifications.MarkNeverReady(resource.Name, message);
        _settled[resource].TrySetResult();
    }

    private void ReportFailure(string line) => _startup.TrySetResult(_masker.Mask(line));

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_running)
        {
            _stopTask ??= StopAllAsync();
        }

        return _stopTask.WaitAsync(cancellationToken);
    }

    private async Task StopAllAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var launchable = _model.Resources.Where(ResourceHierarchy.IsLaunchable).ToList();
        foreach (var wave in WaitGraph.StopWaves(launchable))
        {
            await Task.WhenAll(wave.Where(_instances.ContainsKey).SelectMany(r => _instances[r]).Select(StopInstanceAsync)).ConfigureAwait(false);
        }

        List<Task> running;
        lock (_running)
        {
            running = [.. _running];
        }

        await Task.WhenAny(Task.WhenAll(running), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _startup.TrySetResult("stopped before every resource was ready");
    }

    private async Task StopInstanceAsync(ResourceInstance instance) => await StopInstanceAsync(instance, "stopped by the AppHost").ConfigureAwait(false);

    private async Task StopInstanceAsync(ResourceInstance instance, string reason)
    {
        if (instance.Process is not { } process || process.HasExited)
        {
            return;
        }

        instance.StopRequested = true;
        process.StopRequested = true;
        await Publish(instance, s => s with { State = KnownResourceStates.Stopping }).ConfigureAwait(false);
        var timeout = instance.Resource.Annotations.OfType<StopTimeoutAnnotation>().LastOrDefault()?.Timeout ?? StopTimeout;
        var code = await ProcessExecutor.StopAsync(process, timeout).ConfigureAwait(false);
        await Publish(instance, s => s with
        {
            State = KnownResourceStates.Finished,
            ExitCode = code,
            HealthStatus = null,
            StopTimeStamp = DateTime.UtcNow,
            Message = reason,
        }).ConfigureAwait(false);
        await _eventing.PublishAsync(new ResourceStoppedEvent(instance.Resource, _services)).ConfigureAwait(false);
    }

    private void Track(Task task)
    {
        lock (_running)
        {
            _running.Add(task);
        }
    }

    private Task Publish(ResourceInstance instance, Func<ResourceSnapshot, ResourceSnapshot> update)
        => _notifications.PublishUpdateAsync(instance.Resource, instance.Id, update);

    private Task Publish(IResource resource, Func<ResourceSnapshot, ResourceSnapshot> update)
        => _notifications.PublishUpdateAsync(resource, resource.Name, update);

    private static string Trim(string line) => line.Length > 200 ? line[..200] + "…" : line;

    internal IReadOnlyList<ResourceInstance> InstancesOf(IResource resource) => _instances.GetValueOrDefault(resource) ?? [];
}
