namespace PostHog.Hosting.ApplicationModel;

/// <summary>A named thing in the app model: a project, an executable, a backing server, a parameter.</summary>
public interface IResource
{
    /// <summary>DNS-ish name; becomes the service name, OTEL service name, env-var prefix and Kubernetes object name.</summary>
    string Name { get; }

    ResourceAnnotationCollection Annotations { get; }
}

/// <summary>Marker for metadata attached to a resource (endpoints, env callbacks, waits, health checks…).</summary>
public interface IResourceAnnotation;

public sealed class ResourceAnnotationCollection : System.Collections.ObjectModel.Collection<IResourceAnnotation>;

public abstract class Resource(string name) : IResource
{
    public string Name { get; } = ResourceNames.Validate(name);

    public ResourceAnnotationCollection Annotations { get; } = [];

    public override string ToString() => Name;
}

public interface IResourceWithEnvironment : IResource;

public interface IResourceWithArgs : IResource;

public interface IResourceWithEndpoints : IResource;

public interface IResourceWithWaitSupport : IResource;

/// <summary>A resource owned by another one (a database under its server, a replica under its cluster).</summary>
public interface IResourceWithParent : IResource
{
    IResource Parent { get; }
}

public interface IResourceWithParent<out T> : IResourceWithParent where T : IResource
{
    new T Parent { get; }

    IResource IResourceWithParent.Parent => Parent;
}

/// <summary>A resource others can reference by connection string (<c>ConnectionStrings__name</c>).</summary>
public interface IResourceWithConnectionString : IResource
{
    ReferenceExpression ConnectionStringExpression { get; }

    /// <summary>Overrides the variable name (default <c>ConnectionStrings__{Name}</c>).</summary>
    string? ConnectionStringEnvironmentVariable => null;

    /// <summary>Aspire 13 connection properties, injected as <c>{NAME}_{PROPERTY}</c> (HOST, PORT, USERNAME…).</summary>
    IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() => [];

    ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default)
        => ConnectionStringExpression.GetValueAsync(cancellationToken);
}
