using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Logging;
using PostHog.Hosting.Orchestration;

namespace PostHog.Dashboard;

/// <summary>
/// Called by PostHog.Hosting (DashboardLoader) when an AppHost is built in run mode: the dashboard starts on
/// BeforeStartEvent (after the state folder is prepared, before any resource is launched, so every project gets
/// the OTLP endpoint) and stops after the resources, so their last telemetry is kept.
/// </summary>
public static class DashboardHosting
{
    public static void AddDashboard(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var service = new DashboardHostedService(builder.Configuration, builder.StateDirectory);
        builder.Services.AddSingleton(service);
        // First registered = stopped last (the host stops hosted services in reverse order).
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(service));
        builder.Eventing.Subscribe<BeforeStartEvent>((e, ct) => service.StartServerAsync(
            e.Services.GetRequiredService<ResourceNotificationService>(), e.Services.GetRequiredService<ResourceLoggerService>(),
            e.Services.GetService<ResourceCommandService>(), ct));
    }

    /// <summary>Options from the AppHost's configuration (Aspire's variable names where it has them).</summary>
    internal static DashboardOptions OptionsFrom(IConfiguration configuration, string stateDirectory)
    {
        var random = configuration.GetValue(AppHostConfigurationNames.RandomizePorts, false);
        string Url(string key, string fallback)
            => configuration[key] is { Length: > 0 } configured ? configured : random ? "http://127.0.0.1:0" : fallback;

        return new DashboardOptions
        {
            FrontendUrl = Url(AppHostConfigurationNames.DashboardUrl, DashboardOptions.DefaultFrontendUrl),
            OtlpGrpcUrl = Url(AppHostConfigurationNames.DashboardOtlpGrpcEndpointUrl, DashboardOptions.DefaultOtlpGrpcUrl),
            OtlpHttpUrl = Url(AppHostConfigurationNames.DashboardOtlpHttpEndpointUrl, DashboardOptions.DefaultOtlpHttpUrl),
            StateDirectory = Path.Combine(stateDirectory, "dashboard"),
            BrowserToken = configuration[AppHostConfigurationNames.BrowserToken],
            OtlpApiKey = configuration[AppHostConfigurationNames.OtlpApiKey],
            Unsecured = configuration.GetValue("ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", false),
        };
    }
}
