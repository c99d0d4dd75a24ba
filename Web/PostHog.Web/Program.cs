using PostHog.Web.Api;
using PostHog.Web.Auth;
using PostHog.Web.Cohorts;
using PostHog.Web.FeatureFlags;
using PostHog.Web.Flags;
using PostHog.Web.Projects;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// posthogdb (through PgBouncer) is the default data source; the direct "posthog" one is keyed, for work PgBouncer's
// transaction pooling cannot carry (migrations, LISTEN, session state).
builder.AddNpgsqlDataSource("posthogdb");
builder.AddKeyedNpgsqlDataSource("posthog");
builder.AddClickHouseClient("clickhouse");
builder.AddRedisClient("redis");

// The management API (PostHog's REST paths and JSON, personal API keys).
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<PersonalApiKeyAuthenticator>();
builder.Services.AddSingleton<ProjectAccess>();
builder.Services.AddSingleton<FeatureFlagStore>();
builder.Services.AddSingleton<FlagReferenceChecker>();
builder.Services.AddSingleton<CohortStore>();
builder.Services.AddSingleton<FlagCacheInvalidator>();

var app = builder.Build();

app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseMiddleware<ApiErrorMiddleware>());
app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Content(
    """
    <!doctype html>
    <html lang="en">
    <head><meta charset="utf-8"><title>PostHog</title></head>
    <body>
      <h1>PostHog</h1>
      <p>The web app is on its way. Send events to <code>/e</code> or <code>/batch</code>; flags come from <code>/flags</code>.</p>
      <p>REST API: <code>/api/projects/@current/feature_flags/</code> and <code>/cohorts/</code> with <code>Authorization: Bearer phx_…</code>.</p>
      <p>Health: <a href="/health">/health</a></p>
    </body>
    </html>
    """,
    "text/html; charset=utf-8"));
app.MapGet("/api/service", () => Results.Json(new { service = "web", description = "UI and REST API." }));
app.MapProjectEndpoints();
app.MapUserEndpoints();
app.MapFeatureFlagEndpoints();
app.MapCohortEndpoints();

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
