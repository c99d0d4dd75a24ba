using PostHog.Capture;
using PostHog.Capture.Endpoints;

var builder = WebApplication.CreateBuilder(args);
builder.AddCapture().AddKafkaEventSink();

var app = builder.Build();
app.MapCaptureEndpoints();
app.Run();
