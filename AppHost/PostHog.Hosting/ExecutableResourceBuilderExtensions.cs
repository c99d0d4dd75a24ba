using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting;

/// <summary><c>AddExecutable</c>: any local program (a backing server's binary, a script). No OTEL variables by default.</summary>
public static class ExecutableResourceBuilderExtensions
{
    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this IDistributedApplicationBuilder builder, string name, string command, string workingDirectory, params object[] args)
    {
        var resource = new ExecutableResource(name, command, Path.GetFullPath(workingDirectory, builder.AppHostDirectory));
        var result = builder.AddResource(resource);
        return args.Length > 0 ? result.WithArgs(args) : result;
    }

    /// <summary>How to install the command if it is missing, e.g. <c>apt-get install -y redis-server</c>.</summary>
    public static IResourceBuilder<T> WithInstallHint<T>(this IResourceBuilder<T> builder, string hint)
        where T : IResource
        => builder.WithAnnotation(new ExecutableInstallHintAnnotation(hint));

    /// <summary>Overrides AppHost:StartTimeout for this resource (launch → healthy).</summary>
    public static IResourceBuilder<T> WithStartTimeout<T>(this IResourceBuilder<T> builder, TimeSpan timeout)
        where T : IResource
        => builder.WithAnnotation(new StartTimeoutAnnotation(timeout));

    /// <summary>Overrides AppHost:StopTimeout for this resource (SIGTERM → SIGKILL).</summary>
    public static IResourceBuilder<T> WithStopTimeout<T>(this IResourceBuilder<T> builder, TimeSpan timeout)
        where T : IResource
        => builder.WithAnnotation(new StopTimeoutAnnotation(timeout));
}
