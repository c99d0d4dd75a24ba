using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace PostHog.ServiceDefaults.Clients;

/// <summary>Adds a health check once per name, like Aspire's TryAddHealthCheck (two registrations of a client must not duplicate it).</summary>
internal static class HealthChecks
{
    public static void TryAdd(IHostApplicationBuilder builder, string name, Func<IServiceProvider, IHealthCheck> factory, TimeSpan? timeout = null)
    {
        var key = $"PostHog.ServiceDefaults.HealthCheck.{name}";
        if (builder.Properties.ContainsKey(key))
        {
            return;
        }

        builder.Properties[key] = true;
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(name, factory, failureStatus: null, tags: null, timeout));
    }

    /// <summary>Aspire's naming: the plain name for the default client, "<c>name_connection</c>" for keyed ones.</summary>
    public static string Name(string baseName, string connectionName, bool keyed) => keyed ? $"{baseName}_{connectionName}" : baseName;
}
