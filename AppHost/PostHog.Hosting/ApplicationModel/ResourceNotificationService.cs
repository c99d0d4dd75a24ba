using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PostHog.Hosting.ApplicationModel;

/// <summary>
/// The live state of every resource instance, as Aspire's service of the same name: publish updates, watch them,
/// and wait for a state, for health, or for a resource's dependencies (§1.8 of the spec).
/// </summary>
public sealed class ResourceNotificationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceEvent> _current = new(StringComparer.Ordinal);
    private readonly List<Channel<ResourceEvent>> _watchers = [];
    private readonly Dictionary<string, TaskCompletionSource> _ready = new(StringComparer.Ordinal);

    /// <summary>Updates one instance's snapshot and tells every watcher.</summary>
    public Task PublishUpdateAsync(IResource resource, string resourceId, Func<ResourceSnapshot, ResourceSnapshot> update)
    {
        lock (_gate)
        {
            var previous = _current.TryGetValue(resourceId, out var existing)
                ? existing.Snapshot
                : new ResourceSnapshot { ResourceType = ResourceTypeName(resource) };
            var next = new ResourceEvent(resource, resourceId, update(previous));
            _current[resourceId] = next;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(next);
            }
        }

        return Task.CompletedTask;
    }

    public Task PublishUpdateAsync(IResource resource, Func<ResourceSnapshot, ResourceSnapshot> update)
        => PublishUpdateAsync(resource, resource.Name, update);

    /// <summary>Every instance's current snapshot.</summary>
    public IReadOnlyList<ResourceEvent> GetCurrent()
    {
        lock (_gate)
        {
            return [.. _current.Values];
        }
    }

    /// <summary>The instances of one resource (one per replica).</summary>
    public IReadOnlyList<ResourceEvent> GetInstances(string resourceName)
    {
        lock (_gate)
        {
            return [.. _current.Values.Where(e => e.Resource.Name == resourceName).OrderBy(e => e.Snapshot.ReplicaIndex)];
        }
    }

    public bool TryGetCurrentState(string resourceId, out ResourceEvent? resourceEvent)
    {
        lock (_gate)
        {
            return _current.TryGetValue(resourceId, out resourceEvent);
        }
    }

    /// <summary>The current snapshots first, then every change, until cancelled.</summary>
    public async IAsyncEnumerable<ResourceEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ResourceEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            foreach (var current in _current.Values)
            {
                channel.Writer.TryWrite(current);
            }

            _watchers.Add(channel);
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    /// <summary>Waits until some instance of <paramref name="resourceName"/> is in <paramref name="targetState"/>.</summary>
    public Task<ResourceEvent> WaitForResourceAsync(string resourceName, string targetState = KnownResourceStates.Running, CancellationToken cancellationToken = default)
        => WaitForResourceAsync(resourceName, e => string.Equals(e.Snapshot.State, targetState, StringComparison.Ordinal), cancellationToken);

    public async Task<ResourceEvent> WaitForResourceAsync(string resourceName, Func<ResourceEvent, bool> predicate, CancellationToken cancellationToken = default)
    {
        await foreach (var e in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (e.Resource.Name == resourceName && predicate(e))
            {
                return e;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>
    /// Waits until every instance of the resource is Running and Healthy and its ready handlers ran. Unlike Aspire's
    /// default it throws as soon as an instance lands in a terminal state, so a test never hangs on a dead resource.
    /// </summary>
    public async Task<ResourceEvent> WaitForResourceHealthyAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var result = await WaitForAllInstancesAsync(resourceName, requireHealthy: true, failOnUnavailable: true, cancellationToken).ConfigureAwait(false);
        await WaitForReadyAsync(resourceName, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Aspire's WaitForDependenciesAsync: publish Waiting, then honour each <see cref="WaitAnnotation"/>:
    /// Running (all replicas) → Healthy if it has health checks → its ResourceReadyEvent handlers finished.
    /// A dependency that fails, exits or finishes makes this throw (WaitBehavior.StopOnResourceUnavailable).
    /// </summary>
    public async Task WaitForDependenciesAsync(IResource resource, string resourceId, CancellationToken cancellationToken)
    {
        var waits = resource.Annotations.OfType<WaitAnnotation>().ToList();
        if (waits.Count == 0)
        {
            return;
        }

        await PublishUpdateAsync(resource, resourceId, s => s with { State = KnownResourceStates.Waiting }).ConfigureAwait(false);
        await Task.WhenAll(waits.Select(w => WaitForDependencyAsync(w, cancellationToken))).ConfigureAwait(false);
    }

    private async Task WaitForDependencyAsync(WaitAnnotation wait, CancellationToken cancellationToken)
    {
        var name = wait.Resource.Name;
        switch (wait.WaitType)
        {
            case WaitType.WaitForCompletion:
                var done = await WaitForAllInstancesAsync(name, e => e.Snapshot.IsTerminal, cancellationToken).ConfigureAwait(false);
                if (done.Snapshot.State == KnownResourceStates.FailedToStart || done.Snapshot.ExitCode != wait.ExitCode)
                {
                    throw new DependencyFailedException(
                        $"'{name}' completed with {done.Snapshot.State} (exit code {done.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}), expected exit code {wait.ExitCode}");
                }

                return;
            case WaitType.WaitUntilStarted:
                await WaitForAllInstancesAsync(name, requireHealthy: false, failOnUnavailable: true, cancellationToken).ConfigureAwait(false);
                return;
            default:
                var requireHealthy = wait.Resource.Annotations.OfType<HealthCheckAnnotation>().Any();
                await WaitForAllInstancesAsync(name, requireHealthy, failOnUnavailable: true, cancellationToken).ConfigureAwait(false);
                await WaitForReadyAsync(name, cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    private Task<ResourceEvent> WaitForAllInstancesAsync(string name, bool requireHealthy, bool failOnUnavailable, CancellationToken cancellationToken)
        => WaitForAllInstancesAsync(
            name,
            e =>
            {
                if (failOnUnavailable && (e.Snapshot.IsTerminal || e.Snapshot.State == KnownResourceStates.RuntimeUnhealthy))
                {
                    var why = e.Snapshot.Message is { Length: > 0 } m ? $": {m}" : string.Empty;
                    throw new DependencyFailedException($"'{name}' is {e.Snapshot.State}{why}");
                }

                return e.Snapshot.State == KnownResourceStates.Running
                    && (!requireHealthy || e.Snapshot.HealthStatus == HealthStatus.Healthy);
            },
            cancellationToken);

    /// <summary>Resolves when every known instance of <paramref name="name"/> satisfies <paramref name="done"/>.</summary>
    private async Task<ResourceEvent> WaitForAllInstancesAsync(string name, Func<ResourceEvent, bool> done, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, ResourceEvent>(StringComparer.Ordinal);
        await foreach (var e in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (e.Resource.Name != name)
            {
                continue;
            }

            latest[e.ResourceId] = e;
            var instances = GetInstances(name);
            if (instances.All(i => latest.TryGetValue(i.ResourceId, out var seen) && done(seen)))
            {
                return e;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>Called once a resource's ResourceReadyEvent handlers have completed.</summary>
    internal void MarkReady(string resourceName) => ReadySource(resourceName).TrySetResult();

    internal void MarkNeverReady(string resourceName, string reason)
        => ReadySource(resourceName).TrySetException(new DependencyFailedException($"'{resourceName}' {reason}"));

    internal Task WaitForReadyAsync(string resourceName, CancellationToken cancellationToken)
        => ReadySource(resourceName).Task.WaitAsync(cancellationToken);

    private TaskCompletionSource ReadySource(string resourceName)
    {
        lock (_gate)
        {
            if (!_ready.TryGetValue(resourceName, out var source))
            {
                source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _ready[resourceName] = source;
            }

            return source;
        }
    }

    internal static string ResourceTypeName(IResource resource)
    {
        var name = resource.GetType().Name;
        return name.EndsWith("Resource", StringComparison.Ordinal) && name.Length > "Resource".Length ? name[..^"Resource".Length] : name;
    }
}

/// <summary>A resource this one waits for failed, exited or finished with the wrong code.</summary>
public sealed class DependencyFailedException(string message) : Exception(message);
