using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PostHog.ServiceDefaults.Clients;
using PostHog.ServiceDefaults.PostgreSql;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers an <see cref="NpgsqlDataSource"/> the way Aspire.Npgsql does.</summary>
public static class NpgsqlClientExtensions
{
    public const string ConfigSection = "Aspire:Npgsql";

    /// <summary>Npgsql's log category for executed commands.</summary>
    public const string CommandLogCategory = "Npgsql.Command";

    public static void AddNpgsqlDataSource(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<NpgsqlSettings>? configureSettings = null,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null) =>
        AddNpgsqlDataSource(builder, connectionName, serviceKey: null, configureSettings, configureDataSourceBuilder);

    /// <summary>A second (or further) data source, resolved with <c>[FromKeyedServices(name)]</c>; Web uses this for <c>posthog</c> next to <c>posthogdb</c>.</summary>
    public static void AddKeyedNpgsqlDataSource(
        this IHostApplicationBuilder builder,
        string name,
        Action<NpgsqlSettings>? configureSettings = null,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder = null) =>
        AddNpgsqlDataSource(builder, name, serviceKey: name, configureSettings, configureDataSourceBuilder);

    private static void AddNpgsqlDataSource(
        IHostApplicationBuilder builder,
        string connectionName,
        string? serviceKey,
        Action<NpgsqlSettings>? configureSettings,
        Action<NpgsqlDataSourceBuilder>? configureDataSourceBuilder)
    {
        var settings = ClientSettingsReader.Read(builder, ConfigSection, connectionName, configureSettings);

        builder.Services.AddNpgsqlDataSource(
            settings.ConnectionString ?? string.Empty,
            (services, dataSourceBuilder) =>
            {
                if (string.IsNullOrWhiteSpace(settings.ConnectionString))
                {
                    throw ClientSettingsReader.MissingConnectionString("Npgsql", connectionName, ConfigSection);
                }

                dataSourceBuilder.UseLoggerFactory(services.GetService<Logging.ILoggerFactory>());
                configureDataSourceBuilder?.Invoke(dataSourceBuilder);
            },
            serviceKey: serviceKey);

        if (!settings.DisableHealthChecks)
        {
            HealthChecks.TryAdd(
                builder,
                HealthChecks.Name("PostgreSql", connectionName, serviceKey is not null),
                services => new PostgreSqlHealthCheck(KeyedClients.Resolve<NpgsqlDataSource>(services, serviceKey)));
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddNpgsql());
            // Npgsql also logs every executed command at Information; with each command already a span, that doubles the
            // telemetry of every query on hot paths (ingestion, flags). Its warnings and errors still come through.
            builder.Logging.AddFilter(CommandLogCategory, LogLevel.Warning);
        }

        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddNpgsqlInstrumentation());
        }
    }
}
