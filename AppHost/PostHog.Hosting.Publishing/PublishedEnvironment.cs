using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Orchestration;

namespace PostHog.Hosting.Publishing;

/// <summary>
/// A resource's variables as every publisher writes them: the resource's own callbacks in publish mode, plus what
/// Aspire adds to a project with endpoints when publishing (spec §1.6): forwarded headers on, and <c>HTTP_PORTS</c> /
/// <c>HTTPS_PORTS</c> naming the binding's target port, which overrides the 8080 default of ASP.NET images.
/// </summary>
public static class PublishedEnvironment
{
    public static async Task<Dictionary<string, string>> ResolveAsync(IResource resource, CancellationToken cancellationToken = default)
    {
        var context = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish);
        var environment = await ResourceEnvironment.ResolveEnvironmentAsync(resource, context, cancellationToken).ConfigureAwait(false);
        if (resource is not ProjectResource)
        {
            return environment;
        }

        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        if (endpoints.Count == 0)
        {
            return environment;
        }

        environment.TryAdd("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");
        foreach (var (scheme, variable) in new[] { ("http", "HTTP_PORTS"), ("https", "HTTPS_PORTS") })
        {
            var ports = endpoints.Where(e => e.UriScheme == scheme).Select(e => $"{{{resource.Name}.bindings.{e.Name}.targetPort}}").ToList();
            if (ports.Count > 0)
            {
                environment.TryAdd(variable, string.Join(';', ports));
            }
        }

        return environment;
    }
}
