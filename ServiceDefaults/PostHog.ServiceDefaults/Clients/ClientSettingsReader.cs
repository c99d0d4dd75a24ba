using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace PostHog.ServiceDefaults.Clients;

/// <summary>Reads a client's settings in Aspire's order: section, named subsection, connection string, delegate.</summary>
internal static class ClientSettingsReader
{
    public static TSettings Read<TSettings>(
        IHostApplicationBuilder builder,
        string section,
        string connectionName,
        Action<TSettings>? configureSettings,
        Action<IConfigurationSection, TSettings>? bindExtra = null)
        where TSettings : IClientSettings, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var settings = new TSettings();
        foreach (var configSection in new[] { builder.Configuration.GetSection(section), builder.Configuration.GetSection($"{section}:{connectionName}") })
        {
            configSection.Bind(settings);
            bindExtra?.Invoke(configSection, settings);
        }

        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        configureSettings?.Invoke(settings);
        return settings;
    }

    /// <summary>Thrown on first resolve, not at registration, so the host (and its logging) is up when it surfaces.</summary>
    public static InvalidOperationException MissingConnectionString(string clientKind, string connectionName, string section) =>
        new($"{clientKind} client '{connectionName}': no connection string. Set 'ConnectionStrings:{connectionName}' " +
            $"(env ConnectionStrings__{connectionName}) or '{section}:ConnectionString'.");
}
