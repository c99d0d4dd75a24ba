using Yarp.ReverseProxy.ServiceDiscovery;

namespace PostHog.Ingress;

/// <summary>The ingress' services and endpoints, shared by Program and the route tests.</summary>
public static class IngressProxyExtensions
{
    public static IHostApplicationBuilder AddIngressProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddServiceDiscovery();
        builder.Services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();
        builder.Services.AddReverseProxy().LoadFromMemory(IngressProxyConfig.Routes(), IngressProxyConfig.Clusters());
        return builder;
    }

    public static WebApplication MapIngressProxy(this WebApplication app)
    {
        app.MapReverseProxy();
        return app;
    }
}
