using PostHog.Capture.Endpoints;
using PostHog.Capture.Sinks;

namespace PostHog.Capture.Tests;

/// <summary>The capture endpoints in-process on a free loopback port, with a recording sink instead of Kafka.</summary>
public sealed class CaptureServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public RecordingSink Sink { get; }
    public HttpClient Client { get; }

    private CaptureServer(WebApplication app, RecordingSink sink)
    {
        _app = app;
        Sink = sink;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public static async Task<CaptureServer> StartAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddCapture();
        var sink = new RecordingSink();
        builder.Services.AddSingleton<IEventSink>(sink);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapCaptureEndpoints();
        await app.StartAsync();
        return new CaptureServer(app, sink);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Keeps what capture would have produced; can be told to fail like an unavailable Kafka.</summary>
public sealed class RecordingSink : IEventSink
{
    public List<KafkaRecord> Records { get; } = [];
    public CaptureError? FailWith { get; set; }

    public Task SendAsync(IReadOnlyList<KafkaRecord> records, CancellationToken cancellationToken)
    {
        if (FailWith is { } error) throw new CaptureException(error);
        lock (Records) Records.AddRange(records);
        return Task.CompletedTask;
    }
}
