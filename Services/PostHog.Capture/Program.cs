using PostHog.Capture;
using PostHog.Capture.Endpoints;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCapture().AddKafkaEventSink();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCaptureEndpoints();
app.Run();
