using System.Collections.Concurrent;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Processes;

namespace PostHog.Hosting.Orchestration;

/// <summary>
/// Stop and start of single resources while the app runs (what ResourceCommandService asks for): the instance keeps
/// its ports, id and log file; a start launches it again with a freshly resolved environment and counts a restart.
/// </summary>
public sealed partial class ApplicationOrchestrator
{
    private readonly ConcurrentDictionary<IResource, SemaphoreSlim> _commandGates = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<IResource, Task> _monitors = new(ReferenceEqualityComparer.Instance);

    /// <summary>Stops the given instances (SIGTERM, then SIGKILL after the stop timeout); they end Finished.</summary>
    internal async Task StopInstancesAsync(IResource resource, IReadOnlyList<ResourceInstance> instances, CancellationToken cancellationToken)
    {
        var gate = _commandGates.GetOrAdd(resource, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(instances.Select(i => StopInstanceAsync(i, "stopped by command"))).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Launches the given instances again if they are not running (stopped, exited or killed); running ones are left alone.</summary>
    internal async Task StartInstancesAsync(IResource resource, IReadOnlyList<ResourceInstance> instances, CancellationToken cancellationToken)
    {
        var stopping = _stopping.Token;
        if (stopping.IsCancellationRequested)
        {
            throw new InvalidOperationException("the AppHost is stopping");
        }

        var gate = _commandGates.GetOrAdd(resource, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var idle = instances.Where(i => i.Process is null || i.Process.HasExited).ToList();
            if (idle.Count == 0)
            {
                return;
            }

            foreach (var instance in idle)
            {
                await Publish(instance, s => s with { State = KnownResourceStates.Starting, ExitCode = null, StopTimeStamp = null, Message = null }).ConfigureAwait(false);
            }

            await _eventing.PublishAsync(new BeforeResourceStartedEvent(resource, _services), cancellationToken).ConfigureAwait(false);
            foreach (var instance in idle)
            {
                instance.StopRequested = false;
                try
                {
                    await LaunchAsync(instance, stopping).ConfigureAwait(false);
                }
                catch (ResourceStartException e)
                {
                    await Publish(instance, s => s with { State = KnownResourceStates.FailedToStart, HealthStatus = null, Message = e.Message }).ConfigureAwait(false);
                    throw;
                }

                await Publish(instance, s => s with { Restarts = s.Restarts + 1 }).ConfigureAwait(false);
            }

            EnsureHealthMonitor(resource, stopping);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The first monitor ends once every instance is stopped; a started resource needs one again (it also marks check-less ones Healthy).</summary>
    private void EnsureHealthMonitor(IResource resource, CancellationToken stopping) =>
        _monitors.AddOrUpdate(resource, r => StartMonitor(r, stopping), (r, previous) => previous.IsCompleted ? StartMonitor(r, stopping) : previous);

    private Task StartMonitor(IResource resource, CancellationToken stopping)
    {
        var monitor = _health.MonitorAsync(resource, () => Task.CompletedTask, stopping);
        Track(monitor);
        return monitor;
    }
}
