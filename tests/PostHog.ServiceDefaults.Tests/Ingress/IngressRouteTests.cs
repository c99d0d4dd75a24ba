using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PostHog.Ingress;
using PostHog.ServiceDefaults.Tests.Fixtures;

namespace PostHog.ServiceDefaults.Tests.Ingress;

/// <summary>Real YARP routing over <see cref="IngressRoutes"/>, with one echo backend per service.</summary>
public sealed class IngressRouteTests : IAsyncLifetime
{
    private readonly List<WebApplication> apps = [];
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        var configuration = new Dictionary<string, string?>();
        foreach (var service in IngressRoutes.Services)
        {
            var url = $"http://127.0.0.1:{FreePort.Next()}";
            configuration[$"services:{service}:http:0"] = url;
            var backend = WebApplication.CreateBuilder();
            backend.WebHost.UseUrls(url);
            backend.Logging.ClearProviders();
            var app = backend.Build();
            app.Run(async context =>
            {
                context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
                long length = 0;
                var buffer = new byte[81920];
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
                {
                    length += read;
                }

                await context.Response.WriteAsJsonAsync(new Echo(service, context.Request.Path + context.Request.QueryString, context.Request.Headers["X-Forwarded-For"].ToString(), length));
            });
            await app.StartAsync();
            apps.Add(app);
        }

        var ingressUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls(ingressUrl);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddServiceDefaults();
        builder.AddIngressProxy();
        var ingress = builder.Build();
        ingress.MapDefaultEndpoints();
        ingress.MapIngressProxy();
        await ingress.StartAsync();
        apps.Add(ingress);
        http = new HttpClient { BaseAddress = new Uri(ingressUrl) };
    }

    [Theory]
    [InlineData("/e", "capture")]
    [InlineData("/e/", "capture")]
    [InlineData("/e/?ip=1&_=1700000000", "capture")]
    [InlineData("/i/v0/e/", "capture")]
    [InlineData("/batch", "capture")]
    [InlineData("/batch/", "capture")]
    [InlineData("/capture/", "capture")]
    [InlineData("/track", "capture")]
    [InlineData("/engage/", "capture")]
    [InlineData("/s/", "capture")]
    [InlineData("/s/sub/path", "capture")]
    [InlineData("/decide/?v=3", "decide")]
    [InlineData("/flags", "decide")]
    [InlineData("/flags/?v=2", "decide")]
    [InlineData("/array/phc_token/config.js", "decide")]
    [InlineData("/events", "web")]
    [InlineData("/sdk", "web")]
    [InlineData("/arrayx", "web")]
    [InlineData("/", "web")]
    [InlineData("/api/projects/1/insights", "web")]
    public async Task Path_goes_to_its_service(string path, string service)
    {
        var echo = await http.GetFromJsonAsync<Echo>(path);

        Assert.Equal(service, echo!.Service);
        Assert.Equal(path, echo.PathAndQuery);
    }

    [Fact]
    public async Task Ingress_answers_its_own_health()
    {
        Assert.Equal("Healthy", await http.GetStringAsync("/health"));
    }

    [Fact]
    public async Task Client_ip_is_forwarded_and_cannot_be_spoofed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/e/") { Content = new StringContent("{}") };
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");

        using var response = await http.SendAsync(request);
        var echo = await response.Content.ReadFromJsonAsync<Echo>();

        Assert.Equal("127.0.0.1", echo!.ForwardedFor);
    }

    [Fact]
    public async Task A_21_MB_batch_streams_through_to_capture()
    {
        var body = new byte[21 * 1024 * 1024];
        using var response = await http.PostAsync("/batch/", new ByteArrayContent(body));
        var echo = await response.Content.ReadFromJsonAsync<Echo>();

        Assert.Equal("capture", echo!.Service);
        Assert.Equal(body.Length, echo.BodyLength);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
    }

    private sealed record Echo(string Service, string PathAndQuery, string ForwardedFor, long BodyLength);
}
