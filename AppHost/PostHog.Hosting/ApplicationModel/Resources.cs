namespace PostHog.Hosting.ApplicationModel;

/// <summary>Any local program the AppHost launches: a backing server's binary, a script, a tool.</summary>
public class ExecutableResource(string name, string command, string workingDirectory)
    : Resource(name), IResourceWithEnvironment, IResourceWithArgs, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public string Command { get; } = command;

    public string WorkingDirectory { get; } = workingDirectory;
}

/// <summary>A .NET project launched with <c>dotnet run --project … --no-launch-profile</c>.</summary>
public class ProjectResource(string name, string projectPath)
    : Resource(name), IResourceWithEnvironment, IResourceWithArgs, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public string ProjectPath { get; } = projectPath;
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

/// <summary>Generated secret values are persisted per AppHost so a restart reuses the same password.</summary>
public interface IResourceWithGeneratedSecret : IResource;
