using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using PostHog.ServiceDefaults.Clients;

namespace PostHog.ServiceDefaults.Kafka;

/// <summary>What producer and consumer settings do alike: connection string → bootstrap servers, statistics interval, the Config section.</summary>
internal static class KafkaSettings
{
    public const int DefaultStatisticsIntervalMs = 1000;

    public static void Consolidate(ClientConfig config, string? connectionString, bool disableMetrics)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            config.BootstrapServers = BootstrapServers(connectionString);
        }

        // librdkafka only emits statistics (our meters' source) when an interval is set.
        if (!disableMetrics && config.StatisticsIntervalMs is null)
        {
            config.StatisticsIntervalMs = DefaultStatisticsIntervalMs;
        }
    }

    /// <summary>The Kafka connection string is the bootstrap server list itself; spaces around the commas are dropped.</summary>
    public static string BootstrapServers(string connectionString) =>
        string.Join(',', connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static void ValidateBootstrapServers(ClientConfig config, string connectionName, string section)
    {
        if (string.IsNullOrWhiteSpace(config.BootstrapServers))
        {
            throw ClientSettingsReader.MissingConnectionString("Kafka", connectionName, section);
        }
    }

    /// <summary>
    /// Adds librdkafka-named keys of <c>Config</c> (<c>linger.ms</c>) verbatim; property names (<c>LingerMs</c>) are
    /// already bound by the configuration binder, so either spelling from the librdkafka docs works in appsettings.
    /// </summary>
    public static void BindLibrdkafkaNames(IConfigurationSection settingsSection, ClientConfig config)
    {
        foreach (var entry in settingsSection.GetSection("Config").GetChildren())
        {
            if (entry.Value is not null && entry.Key.Contains('.', StringComparison.Ordinal))
            {
                config.Set(entry.Key, entry.Value);
            }
        }
    }
}
