using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostHog.Dashboard.Access;
using PostHog.Dashboard.Api;
using PostHog.Dashboard.Otlp;
using PostHog.Dashboard.Storage;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Logging;
using PostHog.Hosting.Orchestration;

namespace PostHog.Dashboard;

/// <summary>
/// The dashboard web server: UI + JSON API on the frontend URL, OTLP/gRPC and OTLP/HTTP on their own ports. It reads
/// resources and console logs straight from the AppHost's services (it runs in the AppHost process) and keeps
/// telemetry in <see cref="TelemetryStore"/>. Tests start it alone, without resources.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, TelemetryStore store, string token, Uri frontend, Uri grpc, Uri http)
    {
        _app = app;
        Store = store;
        BrowserToken = token;
        FrontendUrl = frontend;
        OtlpGrpcUrl = grpc;
        OtlpHttpUrl = http;
    }

    public TelemetryStore Store { get; }

    public string BrowserToken { get; }

    public Uri FrontendUrl { get; }

    public Uri OtlpGrpcUrl { get; }

    public Uri OtlpHttpUrl { get; }

    /// <summary>The link the AppHost prints: opens the dashboard and sets the login cookie.</summary>
    public Uri LoginUrl => new(FrontendUrl, "/login?t=" + Uri.EscapeDataString(BrowserToken));

    public static async Task<DashboardServer> StartAsync(
        DashboardOptions options,
        ResourceNotificationService? notifications = null,
        ResourceLoggerService? logs = null,
        ResourceCommandService? commands = null,
        CancellationToken cancellationToken = default)
    {
        var token = options.BrowserToken is { Length: > 0 } configured ? configured : BrowserTokenFile.LoadOrCreate(options.StateDirectory);
        var store = new TelemetryStore(options.StateDirectory, options.Limits);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(DashboardServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 32 * 1024 * 1024);
        builder.Services.AddSingleton(store);

        ListenOptions? frontend = null, grpc = null, http = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 32 * 1024 * 1024;
            frontend = Listen(kestrel, options.FrontendUrl, HttpProtocols.Http1AndHttp2);
            grpc = Listen(kestrel, options.OtlpGrpcUrl, HttpProtocols.Http2); // h2c: gRPC without TLS needs HTTP/2 only.
            http = Listen(kestrel, options.OtlpHttpUrl, HttpProtocols.Http1AndHttp2);
        });

        var app = builder.Build();
        var access = new DashboardAccess(options, token);
        app.Use(access.InvokeAsync);
        app.MapGrpcService<OtlpTraceService>();
        app.MapGrpcService<OtlpLogsService>();
        app.MapGrpcService<OtlpMetricsService>();
        app.MapOtlpHttp();
        app.MapResourceApi(notifications, logs, commands);
        app.MapTelemetryApi();
        app.MapPages();

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new DashboardServer(app, store, token, Bound(options.FrontendUrl, frontend!), Bound(options.OtlpGrpcUrl, grpc!), Bound(options.OtlpHttpUrl, http!));
    }

    /// <summary>localhost binds both loopbacks (a fixed port); an explicit address, or port 0, binds that address.</summary>
    private static ListenOptions Listen(KestrelServerOptions kestrel, string url, HttpProtocols protocols)
    {
        var uri = new Uri(url);
        ListenOptions? result = null;
        void Configure(ListenOptions o)
        {
            o.Protocols = protocols;
            result ??= o;
        }

        if (uri.IsLoopback && uri.Host == "localhost" && uri.Port != 0)
        {
            kestrel.ListenLocalhost(uri.Port, Configure);
        }
        else
        {
            var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host.Trim('[', ']'));
            kestrel.Listen(address, uri.Port, Configure);
        }

        return result!;
    }

    private static Uri Bound(string configured, ListenOptions listen)
    {
        var uri = new UriBuilder(configured);
        if (uri.Port == 0 && listen.IPEndPoint is { } endpoint)
        {
            uri.Host = endpoint.Address.ToString();
            uri.Port = endpoint.Port;
        }

        return new Uri(uri.Uri.GetLeftPart(UriPartial.Authority));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
    }
}
