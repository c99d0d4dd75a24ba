namespace PostHog.Hosting.ApplicationModel;

public interface IDistributedApplicationEvent;

public interface IDistributedApplicationResourceEvent : IDistributedApplicationEvent
{
    IResource Resource { get; }
}

/// <summary>Before any resource starts (ports are allocated by then).</summary>
public sealed record BeforeStartEvent(IServiceProvider Services, DistributedApplicationModel Model) : IDistributedApplicationEvent;

/// <summary>Just before a resource's process is launched: backing servers prepare data dirs and config files here.</summary>
public sealed record BeforeResourceStartedEvent(IResource Resource, IServiceProvider Services) : IDistributedApplicationResourceEvent;

/// <summary>Once a resource is Running and healthy; e.g. Postgres creates its databases here. Waiters wait for handlers.</summary>
public sealed record ResourceReadyEvent(IResource Resource, IServiceProvider Services) : IDistributedApplicationResourceEvent;

public sealed record ConnectionStringAvailableEvent(IResource Resource, IServiceProvider Services) : IDistributedApplicationResourceEvent;

public sealed record ResourceStoppedEvent(IResource Resource, IServiceProvider Services) : IDistributedApplicationResourceEvent;

public interface IDistributedApplicationEventing
{
    void Subscribe<T>(Func<T, CancellationToken, Task> handler) where T : IDistributedApplicationEvent;

    void Subscribe<T>(IResource resource, Func<T, CancellationToken, Task> handler) where T : IDistributedApplicationResourceEvent;

    Task PublishAsync<T>(T @event, CancellationToken cancellationToken = default) where T : IDistributedApplicationEvent;
}

public sealed class DistributedApplicationModel(IResourceCollection resources)
{
    public IResourceCollection Resources { get; } = resources;
}

public interface IResourceCollection : IList<IResource>;
