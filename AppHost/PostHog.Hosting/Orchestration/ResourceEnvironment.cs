using System.Globalization;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Orchestration;

/// <summary>Runs a resource's environment and argument callbacks and turns deferred values into strings.</summary>
public static class ResourceEnvironment
{
    /// <summary>
    /// The resource's variables: live values in run mode, manifest expressions (<c>{x.bindings.http.url}</c>) in publish mode.
    /// Later callbacks override earlier ones, so a user's WithEnvironment beats a default.
    /// </summary>
    public static async Task<Dictionary<string, string>> ResolveEnvironmentAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken = default)
    {
        var context = new EnvironmentCallbackContext(executionContext, resource, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in context.EnvironmentVariables)
        {
            result[name] = await ResolveAsync(value, executionContext, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public static async Task<List<string>> ResolveArgumentsAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken = default)
    {
        var context = new CommandLineArgsCallbackContext(executionContext, resource, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        var result = new List<string>(context.Args.Count);
        foreach (var arg in context.Args)
        {
            result.Add(await ResolveAsync(arg, executionContext, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    /// <summary>A string, a deferred value (run: its value; publish: its manifest expression) or anything else's invariant text.</summary>
    public static async ValueTask<string> ResolveAsync(object? value, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken = default)
        => value switch
        {
            null => string.Empty,
            string s => s,
            IManifestExpressionProvider m when executionContext.IsPublishMode => m.ValueExpression,
            IValueProvider p => await p.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty,
            IResourceBuilder<IResource> b when b.Resource is IValueProvider p => await p.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
}
