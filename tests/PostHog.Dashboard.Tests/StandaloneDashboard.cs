using System.Net.Http.Headers;
using PostHog.Dashboard.Storage;

namespace PostHog.Dashboard.Tests;

/// <summary>A dashboard alone on random loopback ports with its own temp state folder (kept across restarts of one test).</summary>
internal sealed class StandaloneDashboard : IAsyncDisposable
{
    private StandaloneDashboard(string stateDirectory) => StateDirectory = stateDirectory;

    public string StateDirectory { get; }

    public DashboardServer Server { get; private set; } = null!;

    public static async Task<StandaloneDashboard> StartAsync(TelemetryLimits? limits = null, string? otlpApiKey = null, string host = "127.0.0.1")
    {
        var dashboard = new StandaloneDashboard(Path.Combine(Path.GetTempPath(), "posthog-dashboard-tests", Guid.NewGuid().ToString("N")[..12]));
        await dashboard.RestartAsync(limits, otlpApiKey, host, first: true);
        return dashboard;
    }

    public async Task RestartAsync(TelemetryLimits? limits = null, string? otlpApiKey = null, string host = "127.0.0.1", bool first = false)
    {
        if (!first)
        {
            await Server.DisposeAsync();
        }

        Server = await DashboardServer.StartAsync(new DashboardOptions
        {
            FrontendUrl = "http://127.0.0.1:0",
            OtlpGrpcUrl = "http://127.0.0.1:0",
            OtlpHttpUrl = $"http://{host}:0",
            StateDirectory = StateDirectory,
            OtlpApiKey = otlpApiKey,
            Limits = limits ?? new TelemetryLimits { MetricInterval = TimeSpan.Zero },
        });
    }

    /// <summary>A client for the UI/API, logged in with the bearer token unless <paramref name="anonymous"/>.</summary>
    public HttpClient Client(bool anonymous = false)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Server.FrontendUrl };
        if (!anonymous)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.BrowserToken);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Temp folder; harmless.
        }
    }
}
