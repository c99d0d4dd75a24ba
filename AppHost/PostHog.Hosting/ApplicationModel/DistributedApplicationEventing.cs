namespace PostHog.Hosting.ApplicationModel;

/// <summary>Subscribers run one after another in subscription order; a publish returns when all have finished.</summary>
public sealed class DistributedApplicationEventing : IDistributedApplicationEventing
{
    private readonly Lock _gate = new();
    private readonly List<(Type EventType, IResource? Resource, Func<IDistributedApplicationEvent, CancellationToken, Task> Handler)> _subscriptions = [];

    public void Subscribe<T>(Func<T, CancellationToken, Task> handler) where T : IDistributedApplicationEvent
    {
        lock (_gate)
        {
            _subscriptions.Add((typeof(T), null, (e, ct) => handler((T)e, ct)));
        }
    }

    public void Subscribe<T>(IResource resource, Func<T, CancellationToken, Task> handler) where T : IDistributedApplicationResourceEvent
    {
        lock (_gate)
        {
            _subscriptions.Add((typeof(T), resource, (e, ct) => handler((T)e, ct)));
        }
    }

    public async Task PublishAsync<T>(T @event, CancellationToken cancellationToken = default) where T : IDistributedApplicationEvent
    {
        List<Func<IDistributedApplicationEvent, CancellationToken, Task>> handlers;
        var target = (@event as IDistributedApplicationResourceEvent)?.Resource;
        lock (_gate)
        {
            handlers = [.. _subscriptions
                .Where(s => s.EventType == typeof(T) && (s.Resource is null || ReferenceEquals(s.Resource, target)))
                .Select(s => s.Handler)];
        }

        foreach (var handler in handlers)
        {
            await handler(@event, cancellationToken).ConfigureAwait(false);
        }
    }
}
