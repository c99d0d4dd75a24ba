using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace PostHog.Dashboard.Access;

/// <summary>
/// The one gate in front of everything: OTLP paths follow <see cref="OtlpAccessRule"/>; the UI and API need the
/// browser token, as a cookie (set by the printed /login?t= link) or as a bearer token (scripts, tests).
/// </summary>
internal sealed class DashboardAccess(DashboardOptions options, string browserToken)
{
    public const string CookieName = "posthog_dashboard";

    public string BrowserToken { get; } = browserToken;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        if (IsOtlp(path))
        {
            if (!OtlpAccessRule.IsAllowed(context.Connection.RemoteIpAddress, context.Request.Headers[OtlpAccessRule.ApiKeyHeader], options.OtlpApiKey))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        if (options.Unsecured || path.StartsWith("/static/", StringComparison.Ordinal) || path == "/favicon.ico" || IsAuthenticated(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (path == "/login")
        {
            await LoginAsync(context).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }

        context.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(path + context.Request.QueryString));
    }

    /// <summary>GET /login?t=token sets the cookie and goes on; without a valid token, a form to paste one.</summary>
    private async Task LoginAsync(HttpContext context)
    {
        var presented = context.Request.Query["t"].ToString();
        if (presented.Length > 0 && Matches(presented))
        {
            context.Response.Cookies.Append(CookieName, presented, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(30),
                Path = "/",
            });
            var returnUrl = context.Request.Query["returnUrl"].ToString();
            context.Response.Redirect(returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
            return;
        }

        context.Response.StatusCode = presented.Length > 0 ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(LoginPage(presented.Length > 0)).ConfigureAwait(false);
    }

    private bool IsAuthenticated(HttpRequest request)
    {
        if (request.Cookies.TryGetValue(CookieName, out var cookie) && Matches(cookie))
        {
            return true;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(authorization["Bearer ".Length..].Trim());
    }

    private bool Matches(string presented)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(BrowserToken));

    internal static bool IsOtlp(string path)
        => path.StartsWith("/v1/", StringComparison.Ordinal) || path.StartsWith("/opentelemetry.proto.collector.", StringComparison.Ordinal);

    private static string LoginPage(bool failed) => $$"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>PostHog.Aspire dashboard — log in</title>
        <link rel="stylesheet" href="/static/dashboard.css"></head>
        <body class="login"><form method="get" action="/login" class="card">
        <h1>PostHog.Aspire dashboard</h1>
        <p>Open the login link the AppHost printed at start, or paste its token (kept in <code>.state/dashboard/browser-token</code>).</p>
        {{(failed ? "<p class=\"error\">That token is not valid.</p>" : string.Empty)}}
        <input name="t" type="password" placeholder="token" autofocus>
        <button type="submit">Log in</button></form></body></html>
        """;
}
