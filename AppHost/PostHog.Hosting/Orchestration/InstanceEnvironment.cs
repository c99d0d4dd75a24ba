using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Orchestration;

/// <summary>
/// Per-replica variables (DCP fills these from templates in Aspire): the project's ASPNETCORE_URLS and
/// service.instance.id, and the port of every endpoint declared with <c>env:</c>. Callbacks' values win.
/// </summary>
internal static class InstanceEnvironment
{
    public static void Apply(ResourceInstance instance, IDictionary<string, string> environment)
    {
        foreach (var (endpoint, allocated) in instance.Resource.Annotations.OfType<EndpointAnnotation>()
                     .Select(e => (e, instance.Endpoints.GetValueOrDefault(e.Name))))
        {
            if (endpoint.TargetPortEnvironmentVariable is { Length: > 0 } name && allocated is not null)
            {
                environment.TryAdd(name, ResourceBuilderExtensions.Invariant(allocated.Port));
            }
        }

        if (instance.Resource is not ProjectResource)
        {
            return;
        }

        var http = instance.Resource.Annotations.OfType<EndpointAnnotation>()
            .Where(e => e.UriScheme is "http" or "https" && e.TargetPortEnvironmentVariable is null && instance.Endpoints.ContainsKey(e.Name))
            .Select(e => instance.Endpoints[e.Name])
            .ToList();
        if (http.Count > 0)
        {
            environment.TryAdd("ASPNETCORE_URLS", string.Join(';', http.Select(e => e.UriString)));
        }

        if (http.FirstOrDefault(e => e.Endpoint.UriScheme == "https") is { } https)
        {
            environment.TryAdd("ASPNETCORE_HTTPS_PORT", ResourceBuilderExtensions.Invariant(https.Port));
        }

        environment.TryAdd("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id={instance.InstanceSuffix}");
    }
}
