using PostHog.Ingestion;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngestion();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Json(new { service = "ingestion", description = "Consumes captured events, resolves persons and groups, writes ClickHouse." }));

app.Run();
