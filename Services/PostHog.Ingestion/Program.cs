var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// PostHog's ingestion consumer group name, so offsets read the same way a PostHog operator expects.
builder.AddKafkaConsumer<string, byte[]>("kafka", settings => settings.Config.GroupId ??= "clickhouse-ingestion");
builder.AddNpgsqlDataSource("posthogdb");
builder.AddClickHouseClient("clickhouse");

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Json(new { service = "ingestion", description = "Consumes captured events, resolves persons and groups, writes ClickHouse." }));

app.Run();
