using PostHog.Decide;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDecide();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDecideEndpoints();
app.Run();
