using Yarp.ReverseProxy.Configuration;

namespace PostHog.Ingress;

/// <summary>Turns <see cref="IngressRoutes"/> into YARP routes and clusters; destinations are service names resolved by service discovery.</summary>
public static class IngressProxyConfig
{
    private const int FallbackOrder = 100;

    // The ingress is the edge: it replaces client-sent X-Forwarded-* with what it saw, so the client IP cannot be spoofed.
    private static readonly IReadOnlyList<IReadOnlyDictionary<string, string>> ForwardedHeaders =
    [
        new Dictionary<string, string> { ["X-Forwarded"] = "Set" },
    ];

    public static IReadOnlyList<RouteConfig> Routes() =>
        IngressRoutes.PathFamilies
            .Select(family => new RouteConfig
            {
                RouteId = $"{family.Service}{family.PathPrefix.Replace('/', '-')}",
                ClusterId = family.Service,
                // A catch-all parameter may be empty, so this matches "/e", "/e/" and "/e/…".
                Match = new RouteMatch { Path = $"{family.PathPrefix}/{{**rest}}" },
                MaxRequestBodySize = family.Service == IngressRoutes.Capture ? IngressRoutes.CaptureMaxRequestBodyBytes : null,
                Transforms = ForwardedHeaders,
            })
            .Append(new RouteConfig
            {
                RouteId = $"{IngressRoutes.FallbackService}-fallback",
                ClusterId = IngressRoutes.FallbackService,
                Match = new RouteMatch { Path = "/{**rest}" },
                // After the families and after the ingress' own /health and /alive.
                Order = FallbackOrder,
                Transforms = ForwardedHeaders,
            })
            .ToArray();

    public static IReadOnlyList<ClusterConfig> Clusters() =>
        IngressRoutes.Services
            .Select(service => new ClusterConfig
            {
                ClusterId = service,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    // "http://capture" → services:capture:http:* via ServiceDiscoveryDestinationResolver.
                    [service] = new() { Address = $"http://{service}" },
                },
            })
            .ToArray();
}
