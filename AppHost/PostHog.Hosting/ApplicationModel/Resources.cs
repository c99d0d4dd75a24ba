namespace PostHog.Hosting.ApplicationModel;

/// <summary>Any local program the AppHost launches: a backing server's binary, a script, a tool.</summary>
public class ExecutableResource(string name, string command, string workingDirectory)
    : Resource(name), IResourceWithEnvironment, IResourceWithArgs, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public string Command { get; } = command;

    public string WorkingDirectory { get; } = workingDirectory;
}

/// <summary>
/// A .NET project. Aspire launches <c>dotnet run --project … --no-launch-profile</c>; we launch the already built
/// assembly with <c>dotnet exec</c> when its path is known (much faster, see Processes/ProjectLaunchCommand.cs).
/// </summary>
public class ProjectResource(string name, string projectPath)
    : Resource(name), IResourceWithEnvironment, IResourceWithArgs, IResourceWithServiceDiscovery, IResourceWithWaitSupport
{
    public string ProjectPath { get; } = projectPath;

    /// <summary>The built assembly, if known (from the generated <c>Projects.*</c> metadata).</summary>
    public string? TargetPath => Annotations.OfType<IProjectMetadata>().LastOrDefault()?.TargetPath;
}

/// <summary>A value from configuration <c>Parameters:{name}</c>; secrets are masked everywhere they are shown.</summary>
public sealed class ParameterResource(string name, Func<string> valueGetter, bool secret = false)
    : Resource(name), IValueProvider, IManifestExpressionProvider
{
    private readonly Lazy<string> _value = new(valueGetter);

    public bool Secret { get; } = secret;

    public string Value => _value.Value;

    public string ValueExpression => $"{{{Name}.value}}";

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(Value);
}

/// <summary>A connection string given from configuration <c>ConnectionStrings:{name}</c> (an external server).</summary>
public sealed class ConnectionStringResource(string name, ReferenceExpression connectionString)
    : Resource(name), IResourceWithConnectionString, IResourceWithWaitSupport
{
    public ReferenceExpression ConnectionStringExpression { get; } = connectionString;
}
