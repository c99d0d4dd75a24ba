namespace PostHog.Hosting.ApplicationModel;

/// <summary>Adds environment variables when the resource starts (run) or is written to the manifest (publish).</summary>
public sealed class EnvironmentCallbackAnnotation(Func<EnvironmentCallbackContext, Task> callback) : IResourceAnnotation
{
    public Func<EnvironmentCallbackContext, Task> Callback { get; } = callback;
}

public sealed class EnvironmentCallbackContext(DistributedApplicationExecutionContext executionContext, IResource resource, CancellationToken cancellationToken = default)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public IResource Resource { get; } = resource;

    /// <summary>Values are strings or deferred values (<see cref="IValueProvider"/> / <see cref="IManifestExpressionProvider"/>).</summary>
    public Dictionary<string, object> EnvironmentVariables { get; } = new(StringComparer.Ordinal);

    public CancellationToken CancellationToken { get; } = cancellationToken;
}

/// <summary>Adds command-line arguments when the resource starts.</summary>
public sealed class CommandLineArgsCallbackAnnotation(Func<CommandLineArgsCallbackContext, Task> callback) : IResourceAnnotation
{
    public Func<CommandLineArgsCallbackContext, Task> Callback { get; } = callback;
}

public sealed class CommandLineArgsCallbackContext(DistributedApplicationExecutionContext executionContext, IResource resource, CancellationToken cancellationToken = default)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    public IResource Resource { get; } = resource;

    /// <summary>Strings or deferred values.</summary>
    public List<object> Args { get; } = [];

    public CancellationToken CancellationToken { get; } = cancellationToken;
}

/// <summary>Links a health check registered in the AppHost's DI (by key) to this resource.</summary>
public sealed record HealthCheckAnnotation(string Key) : IResourceAnnotation;

public enum WaitType
{
    /// <summary>Running and, if the dependency has health checks, Healthy.</summary>
    WaitUntilHealthy,

    /// <summary>Running only.</summary>
    WaitUntilStarted,

    /// <summary>Finished with the expected exit code.</summary>
    WaitForCompletion,
}

public sealed record WaitAnnotation(IResource Resource, WaitType WaitType, int ExitCode = 0) : IResourceAnnotation;

/// <summary>Records that this resource references another (drawn in the dashboard, used by publishers).</summary>
public sealed record ResourceRelationshipAnnotation(IResource Resource, string Type) : IResourceAnnotation;

/// <summary>Number of processes to run for a project.</summary>
public sealed record ReplicaAnnotation(int Replicas) : IResourceAnnotation;

/// <summary>The image a backing server becomes when published (we run it natively, Kubernetes runs the image).</summary>
public sealed record ContainerImageAnnotation(string Image, string Tag, string? Registry = null) : IResourceAnnotation;

/// <summary>Keeps a resource out of the publisher manifest.</summary>
public sealed class ManifestExclusionAnnotation : IResourceAnnotation;

/// <summary>The parameter's default is generated (Aspire's GenerateParameterDefault): publishers tell the deployer to generate one this long.</summary>
public sealed record GeneratedParameterAnnotation(int MinLength) : IResourceAnnotation;
