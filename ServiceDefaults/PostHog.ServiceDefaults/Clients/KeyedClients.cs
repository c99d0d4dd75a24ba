using Microsoft.Extensions.DependencyInjection;

namespace PostHog.ServiceDefaults.Clients;

/// <summary>The default client is a plain singleton; an <c>AddKeyed…</c> one is keyed by its connection name.</summary>
internal static class KeyedClients
{
    public static void AddSingleton<TClient>(IServiceCollection services, string? serviceKey, Func<IServiceProvider, TClient> create)
        where TClient : class
    {
        if (serviceKey is null)
        {
            services.AddSingleton(create);
        }
        else
        {
            services.AddKeyedSingleton(serviceKey, (provider, _) => create(provider));
        }
    }

    public static TClient Resolve<TClient>(IServiceProvider services, string? serviceKey)
        where TClient : notnull =>
        serviceKey is null ? services.GetRequiredService<TClient>() : services.GetRequiredKeyedService<TClient>(serviceKey);
}
