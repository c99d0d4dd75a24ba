using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostHog.ServiceDefaults.Clients;
using PostHog.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers an <see cref="IConnectionMultiplexer"/> the way Aspire.StackExchange.Redis does.</summary>
public static class RedisClientExtensions
{
    public const string ConfigSection = "Aspire:StackExchange:Redis";

    public static void AddRedisClient(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<RedisSettings>? configureSettings = null,
        Action<ConfigurationOptions>? configureOptions = null) =>
        AddRedisClient(builder, connectionName, serviceKey: null, configureSettings, configureOptions);

    public static void AddKeyedRedisClient(
        this IHostApplicationBuilder builder,
        string name,
        Action<RedisSettings>? configureSettings = null,
        Action<ConfigurationOptions>? configureOptions = null) =>
        AddRedisClient(builder, name, serviceKey: name, configureSettings, configureOptions);

    private static void AddRedisClient(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<RedisSettings>? configureSettings,
        Action<ConfigurationOptions>? configureOptions)
    {
        var settings = ClientSettingsReader.Read(builder, ConfigSection, connectionName, configureSettings);

        // Connects on first resolve, not at registration (Aspire's DisableAutoActivation default).
        IConnectionMultiplexer Connect(IServiceProvider services)
        {
            if (string.IsNullOrWhiteSpace(settings.ConnectionString))
            {
                throw ClientSettingsReader.MissingConnectionString("Redis", connectionName, ConfigSection);
            }

            var options = ConfigurationOptions.Parse(settings.ConnectionString);
            // Keep retrying in the background while Redis starts, instead of failing the first resolve.
            options.AbortOnConnectFail = false;
            options.LoggerFactory ??= services.GetService<ILoggerFactory>();
            configureOptions?.Invoke(options);
            return ConnectionMultiplexer.Connect(options);
        }

        KeyedClients.AddSingleton(builder.Services, serviceKey, Connect);

        if (!settings.DisableHealthChecks)
        {
            HealthChecks.TryAdd(
                builder,
                HealthChecks.Name("StackExchange.Redis", connectionName, serviceKey is not null),
                services => new RedisHealthCheck(() => KeyedClients.Resolve<IConnectionMultiplexer>(services, serviceKey)));
        }
    }
}
