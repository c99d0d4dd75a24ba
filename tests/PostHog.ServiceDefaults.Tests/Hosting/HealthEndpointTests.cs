using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PostHog.ServiceDefaults.Tests.Fixtures;

namespace PostHog.ServiceDefaults.Tests.Hosting;

public sealed class HealthEndpointTests
{
    private static async Task<(WebApplication App, HttpClient Http)> StartAsync(HealthStatus storeStatus)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        builder.WebHost.UseUrls(url);
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddCheck("store", () => new HealthCheckResult(storeStatus));

        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(url) });
    }

    [Fact]
    public async Task Both_endpoints_answer_in_production()
    {
        var (app, http) = await StartAsync(HealthStatus.Healthy);
        await using (app)
        using (http)
        {
            Assert.Equal("Healthy", await http.GetStringAsync("/health"));
            Assert.Equal("Healthy", await http.GetStringAsync("/alive"));
        }
    }

    [Fact]
    public async Task A_failing_store_fails_health_but_not_liveness()
    {
        var (app, http) = await StartAsync(HealthStatus.Unhealthy);
        await using (app)
        using (http)
        {
            var health = await http.GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());

            var alive = await http.GetAsync("/alive");
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
    }
}
