var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("posthogdb");
builder.AddRedisClient("redis");

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Json(new { service = "decide", description = "Feature flags and remote config (/decide, /flags)." }));

app.Run();
