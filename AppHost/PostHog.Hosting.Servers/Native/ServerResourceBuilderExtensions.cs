using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Servers.Native;

/// <summary>Wiring every backing server shares: its <c>{name}_check</c> health check and its pre-launch preparation.</summary>
public static class ServerResourceBuilderExtensions
{
    /// <summary>Probes are quick local round trips; a slower answer means the server is not usable yet.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Registers <paramref name="check"/> as <c>{name}_check</c> (Aspire's key for server checks) and links it.</summary>
    public static IResourceBuilder<T> WithServerHealthCheck<T>(this IResourceBuilder<T> builder, Func<IServiceProvider, IHealthCheck> check)
        where T : IResource
    {
        var key = HealthCheckKey(builder.Resource.Name);
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, check, HealthStatus.Unhealthy, tags: null, timeout: ProbeTimeout));
        return builder.WithHealthCheck(key);
    }

    public static string HealthCheckKey(string resourceName) => $"{resourceName}_check";

    /// <summary>Runs <paramref name="prepare"/> just before launch in run mode (data dirs, config files); publish mode touches no disk.</summary>
    public static IResourceBuilder<T> OnBeforeStart<T>(this IResourceBuilder<T> builder, Func<T, CancellationToken, Task> prepare)
        where T : IResource
    {
        if (builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            var resource = builder.Resource;
            builder.ApplicationBuilder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, (_, ct) => prepare(resource, ct));
        }

        return builder;
    }

    /// <summary>Runs <paramref name="onReady"/> once the resource is healthy (before anyone waiting for it starts).</summary>
    public static IResourceBuilder<T> OnReady<T>(this IResourceBuilder<T> builder, Func<T, CancellationToken, Task> onReady)
        where T : IResource
    {
        var resource = builder.Resource;
        builder.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(resource, (_, ct) => onReady(resource, ct));
        return builder;
    }

    /// <summary>Arguments for the native process only: the published container keeps its image's own command line.</summary>
    public static IResourceBuilder<T> WithRunArgs<T>(this IResourceBuilder<T> builder, params object[] args)
        where T : IResourceWithArgs
        => builder.WithArgs(context =>
        {
            if (context.ExecutionContext.IsRunMode)
            {
                context.Args.AddRange(args);
            }
        });

    /// <summary>Variables only the published container gets (its image's settings); the native process has config files instead.</summary>
    public static IResourceBuilder<T> WithContainerEnvironment<T>(this IResourceBuilder<T> builder, string name, object value)
        where T : IResourceWithEnvironment
        => builder.WithEnvironment(context =>
        {
            if (context.ExecutionContext.IsPublishMode)
            {
                context.EnvironmentVariables[name] = value;
            }
        });

    /// <summary>The resource's own folder under the state directory (kept between runs).</summary>
    public static string StateDirectoryOf(this IDistributedApplicationBuilder builder, string resourceName)
        => Path.Combine(builder.StateDirectory, resourceName);
}
