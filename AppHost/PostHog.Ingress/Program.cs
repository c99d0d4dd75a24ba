using PostHog.Ingress;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngressProxy();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapIngressProxy();

app.Run();
