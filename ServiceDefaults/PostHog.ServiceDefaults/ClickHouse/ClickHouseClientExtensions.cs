using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using PostHog.ServiceDefaults.ClickHouse;
using PostHog.ServiceDefaults.Clients;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers a <see cref="ClickHouseClient"/> the way Aspire's client integrations register theirs.</summary>
public static class ClickHouseClientExtensions
{
    public const string ConfigSection = "Aspire:ClickHouse:Client";

    public static void AddClickHouseClient(this IHostApplicationBuilder builder, string connectionName, Action<ClickHouseClientSettings>? configureSettings = null) =>
        AddClickHouseClient(builder, connectionName, serviceKey: null, configureSettings);

    public static void AddKeyedClickHouseClient(this IHostApplicationBuilder builder, string name, Action<ClickHouseClientSettings>? configureSettings = null) =>
        AddClickHouseClient(builder, name, serviceKey: name, configureSettings);

    private static void AddClickHouseClient(IHostApplicationBuilder builder, string connectionName, string? serviceKey, Action<ClickHouseClientSettings>? configureSettings)
    {
        var settings = ClientSettingsReader.Read(builder, ConfigSection, connectionName, configureSettings);

        ClickHouseClient Create(IServiceProvider services)
        {
            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                throw ClientSettingsReader.MissingConnectionString("ClickHouse", connectionName, ConfigSection);
            }

            return new ClickHouseClient(ClickHouseConnectionString.Parse(settings.ConnectionString), settings, services.GetService<ILogger<ClickHouseClient>>());
        }

        KeyedClients.AddSingleton(builder.Services, serviceKey, Create);

        if (!settings.DisableHealthChecks)
        {
            HealthChecks.TryAdd(
                builder,
                HealthChecks.Name("ClickHouse", connectionName, serviceKey is not null),
                services => new ClickHouseHealthCheck(() => KeyedClients.Resolve<ClickHouseClient>(services, serviceKey)));
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(ClickHouseClient.ActivitySourceName));
        }
    }
}
