var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// posthogdb (through PgBouncer) is the default data source; the direct "posthog" one is keyed, for work PgBouncer's
// transaction pooling cannot carry (migrations, LISTEN, session state).
builder.AddNpgsqlDataSource("posthogdb");
builder.AddKeyedNpgsqlDataSource("posthog");
builder.AddClickHouseClient("clickhouse");
builder.AddRedisClient("redis");

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Content(
    """
    <!doctype html>
    <html lang="en">
    <head><meta charset="utf-8"><title>PostHog</title></head>
    <body>
      <h1>PostHog</h1>
      <p>The web app is on its way. Send events to <code>/e</code> or <code>/batch</code>; flags come from <code>/flags</code>.</p>
      <p>Health: <a href="/health">/health</a></p>
    </body>
    </html>
    """,
    "text/html; charset=utf-8"));
app.MapGet("/api/service", () => Results.Json(new { service = "web", description = "UI and REST API." }));

app.Run();
