using System.Globalization;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting;

/// <summary>The fluent methods every resource shares: environment, arguments, endpoints, waits, relationships.</summary>
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string? value)
        where T : IResourceWithEnvironment
        => builder.WithEnvironment(context => context.EnvironmentVariables[name] = value ?? string.Empty);

    /// <summary>A deferred value: a parameter, an endpoint property, a <see cref="ReferenceExpression"/>.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IValueProvider value)
        where T : IResourceWithEnvironment
        => builder.WithEnvironment(context => context.EnvironmentVariables[name] = value);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, ReferenceExpression value)
        where T : IResourceWithEnvironment
        => builder.WithEnvironment(name, (IValueProvider)value);

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentCallbackContext> callback)
        where T : IResourceWithEnvironment
        => builder.WithAnnotation(new EnvironmentCallbackAnnotation(context =>
        {
            callback(context);
            return Task.CompletedTask;
        }));

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Func<EnvironmentCallbackContext, Task> callback)
        where T : IResourceWithEnvironment
        => builder.WithAnnotation(new EnvironmentCallbackAnnotation(callback));

    /// <summary>Arguments: strings or deferred values (endpoint ports, parameters).</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params object[] args)
        where T : IResourceWithArgs
        => builder.WithAnnotation(new CommandLineArgsCallbackAnnotation(context =>
        {
            context.Args.AddRange(args);
            return Task.CompletedTask;
        }));

    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, Action<CommandLineArgsCallbackContext> callback)
        where T : IResourceWithArgs
        => builder.WithAnnotation(new CommandLineArgsCallbackAnnotation(context =>
        {
            callback(context);
            return Task.CompletedTask;
        }));

    /// <summary>
    /// Adds an endpoint. <paramref name="port"/> fixes the port; otherwise a free loopback port is allocated at start.
    /// <paramref name="env"/> names a variable that receives the port (e.g. PORT).
    /// </summary>
    public static IResourceBuilder<T> WithEndpoint<T>(
        this IResourceBuilder<T> builder,
        int? port = null,
        int? targetPort = null,
        string? scheme = null,
        string? name = null,
        string? env = null,
        bool isProxied = false,
        bool? isExternal = null)
        where T : IResourceWithEndpoints
    {
        var endpointName = name ?? scheme ?? "tcp";
        if (builder.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == endpointName && e.IsDefault) is { } implicitEndpoint)
        {
            builder.Resource.Annotations.Remove(implicitEndpoint);
        }

        if (builder.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == endpointName))
        {
            throw new InvalidOperationException($"Resource '{builder.Resource.Name}' already has an endpoint named '{endpointName}'.");
        }

        var uriScheme = scheme ?? "tcp";
        var transport = uriScheme is "http" or "https" ? "http" : "tcp";
        return builder.WithAnnotation(new EndpointAnnotation(endpointName, uriScheme, port, targetPort ?? port, transport, isProxied, isExternal ?? false, env));
    }

    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string? name = null, string? env = null, bool isProxied = false)
        where T : IResourceWithEndpoints
        => builder.WithEndpoint(port, targetPort, "http", name ?? "http", env, isProxied);

    /// <summary>Marks http endpoints as reachable from outside (an Ingress in Kubernetes).</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithEndpoints
    {
        foreach (var endpoint in builder.Resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.UriScheme is "http" or "https"))
        {
            endpoint.IsExternal = true;
        }

        return builder;
    }

    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name)
        where T : IResourceWithEndpoints
        => new(builder.Resource, name);

    /// <summary>Don't start until <paramref name="dependency"/> is Running and healthy (and its ready handlers ran).</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport
        => builder.WithWait(dependency.Resource, WaitType.WaitUntilHealthy);

    public static IResourceBuilder<T> WaitForStart<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport
        => builder.WithWait(dependency.Resource, WaitType.WaitUntilStarted);

    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency, int exitCode = 0)
        where T : IResourceWithWaitSupport
        => builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.WaitForCompletion, exitCode));

    private static IResourceBuilder<T> WithWait<T>(this IResourceBuilder<T> builder, IResource dependency, WaitType waitType)
        where T : IResourceWithWaitSupport
    {
        if (ReferenceEquals(dependency, builder.Resource))
        {
            throw new InvalidOperationException($"Resource '{builder.Resource.Name}' cannot wait for itself.");
        }

        // Waiting for a child (a database) means waiting for its parent server too.
        if (dependency is IResourceWithParent child && child.Parent is IResource parent)
        {
            builder.WithAnnotation(new WaitAnnotation(parent, waitType));
        }

        return builder.WithAnnotation(new WaitAnnotation(dependency, waitType));
    }

    public static IResourceBuilder<T> WithHealthCheck<T>(this IResourceBuilder<T> builder, string key)
        where T : IResource
        => builder.WithAnnotation(new HealthCheckAnnotation(key));

    public static IResourceBuilder<T> WithParentRelationship<T>(this IResourceBuilder<T> builder, IResource parent)
        where T : IResource
        => builder.WithAnnotation(new ResourceRelationshipAnnotation(parent, "Parent"));

    public static IResourceBuilder<T> ExcludeFromManifest<T>(this IResourceBuilder<T> builder)
        where T : IResource
        => builder.WithAnnotation(new ManifestExclusionAnnotation());

    /// <summary>The image this natively-run server becomes in the manifest and in Kubernetes.</summary>
    public static IResourceBuilder<T> PublishAsContainer<T>(this IResourceBuilder<T> builder, string image, string tag, string? registry = null)
        where T : IResource
        => builder.WithAnnotation(new ContainerImageAnnotation(image, tag, registry));

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
