using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Logging;
using PostHog.Hosting.Orchestration;

namespace PostHog.Dashboard;

/// <summary>The dashboard inside a running AppHost: started before the resources, stopped after them.</summary>
public sealed class DashboardHostedService(IConfiguration configuration, string stateDirectory) : IHostedService
{
    /// <summary>The running server (null before BeforeStartEvent); tests read its URLs and token here.</summary>
    public DashboardServer? Server { get; private set; }

    internal async Task StartServerAsync(ResourceNotificationService notifications, ResourceLoggerService logs, ResourceCommandService? commands, CancellationToken cancellationToken)
    {
        var options = DashboardHosting.OptionsFrom(configuration, stateDirectory);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            Server = await DashboardServer.StartAsync(options, notifications, logs, commands, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is SocketException or null)
        {
            throw new DistributedApplicationException(
                $"dashboard: cannot listen on {options.FrontendUrl}, {options.OtlpGrpcUrl} or {options.OtlpHttpUrl} ({e.Message}) — another AppHost running? Set AppHost:Dashboard=false or AppHost:DashboardUrl");
        }

        // Projects read these when they launch (ProjectResourceBuilderExtensions): the bound URLs, random ports included.
        configuration[AppHostConfigurationNames.DashboardOtlpGrpcEndpointUrl] = Server.OtlpGrpcUrl.ToString().TrimEnd('/');
        configuration[AppHostConfigurationNames.DashboardOtlpHttpEndpointUrl] = Server.OtlpHttpUrl.ToString().TrimEnd('/');
        if (configuration.GetValue(AppHostConfigurationNames.ConsoleReport, true))
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Login to the dashboard at {Server.LoginUrl} (the link stays valid; token in {Path.Combine(options.StateDirectory, "browser-token")}; up in {clock.Elapsed.TotalSeconds:0.00} s)"));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Server is { } server)
        {
            Server = null;
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
