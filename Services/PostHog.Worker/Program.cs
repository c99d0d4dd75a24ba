var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddKafkaProducer<string, byte[]>("kafka");
builder.AddNpgsqlDataSource("posthogdb");
builder.AddRedisClient("redis");

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Json(new { service = "worker", description = "Destinations, webhooks and scheduled jobs." }));

app.Run();
