using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Kubernetes;

/// <summary>
/// How one kind of resource becomes Kubernetes objects (Aspire's per-resource publishing callbacks). Two passes: every
/// writer first says where its endpoints will be reachable, then all write, so expressions can point anywhere.
/// </summary>
public abstract class KubernetesResourceWriter
{
    public abstract Type ResourceType { get; }

    /// <summary>Whether this writer takes <paramref name="resource"/>; the first registered writer that does wins.</summary>
    public virtual bool Accepts(IResource resource) => ResourceType.IsInstanceOfType(resource);

    public virtual void RegisterAddresses(IResource resource, KubernetesPublishingContext context)
    {
    }

    public abstract Task WriteAsync(IResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken);
}

/// <summary>A writer for resources of type <typeparamref name="TResource"/>.</summary>
public abstract class KubernetesResourceWriter<TResource> : KubernetesResourceWriter
    where TResource : IResource
{
    public sealed override Type ResourceType => typeof(TResource);

    public sealed override void RegisterAddresses(IResource resource, KubernetesPublishingContext context)
        => RegisterAddresses((TResource)resource, context);

    public sealed override Task WriteAsync(IResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken)
        => WriteAsync((TResource)resource, context, cancellationToken);

    protected virtual void RegisterAddresses(TResource resource, KubernetesPublishingContext context)
    {
    }

    protected abstract Task WriteAsync(TResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken);
}

/// <summary>Resources that are only values (a database's connection string, a parameter): no objects of their own.</summary>
public sealed class ValueOnlyWriter<TResource> : KubernetesResourceWriter<TResource>
    where TResource : IResource
{
    protected override Task WriteAsync(TResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
