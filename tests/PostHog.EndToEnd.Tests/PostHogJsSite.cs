using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PostHog.EndToEnd.Tests;

/// <summary>
/// A tiny website on 127.0.0.1 (random port) that embeds posthog-js the way a customer's site does: its own origin,
/// the SDK file from node_modules, <c>posthog.init(token, {api_host: ingress})</c> in the page. The API is therefore
/// cross-origin, as in production. Any path but <c>/posthog.js</c> returns the page (title and heading = the path).
/// Init options can be added per visit with the query parameter <c>posthog=&lt;JSON&gt;</c> (merged over the defaults).
/// When the SDK has loaded, <c>window.posthogLoaded</c> is true.
/// </summary>
public sealed class PostHogJsSite : IAsyncDisposable
{
    private readonly WebApplication app;

    private PostHogJsSite(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    /// <summary>The site's origin, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url { get; }

    /// <summary>The absolute URL of a page of the site, with optional init options (any JSON object, e.g. <c>{"bootstrap":{…}}</c>).</summary>
    public string PageUrl(string path = "/", string? initOptionsJson = null)
        => Url + (path.StartsWith('/') ? path : "/" + path) + (initOptionsJson is null ? string.Empty : "?posthog=" + Uri.EscapeDataString(initOptionsJson));

    public static async Task<PostHogJsSite> StartAsync(string sdkDirectory, string projectToken, string apiHost)
    {
        var sdkFile = Path.Combine(sdkDirectory, "node_modules", "posthog-js", "dist", "array.full.js");
        if (!File.Exists(sdkFile))
        {
            throw new InvalidOperationException($"{sdkFile} is missing: run npm ci in {sdkDirectory} (eng/setup.sh --tests does).");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/posthog.js", () => Results.File(sdkFile, "text/javascript"));
        app.MapGet("/favicon.ico", () => Results.NoContent());
        app.MapFallback((HttpContext context) => Results.Content(Page(context.Request.Path, projectToken, apiHost), "text/html; charset=utf-8"));
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new PostHogJsSite(app, url.TrimEnd('/'));
    }

    // opt_out_useragent_filter: posthog-js drops every event when navigator.webdriver is true (any Playwright browser).
    private static string Page(string path, string token, string apiHost) => $$"""
        <!doctype html>
        <html>
        <head>
          <meta charset="utf-8">
          <title>E2E {{WebUtility.HtmlEncode(path)}}</title>
          <script src="/posthog.js"></script>
          <script>
            window.posthogLoaded = false;
            const options = {
              api_host: {{System.Text.Json.JsonSerializer.Serialize(apiHost)}},
              opt_out_useragent_filter: true,
              loaded: () => { window.posthogLoaded = true; },
            };
            const extra = new URLSearchParams(location.search).get('posthog');
            posthog.init({{System.Text.Json.JsonSerializer.Serialize(token)}}, Object.assign(options, extra ? JSON.parse(extra) : {}));
          </script>
        </head>
        <body>
          <h1>{{WebUtility.HtmlEncode(path)}}</h1>
          <button id="buy" class="cta">Buy now</button>
          <a id="next" href="/next">Next page</a>
        </body>
        </html>
        """;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
