using Microsoft.Extensions.DependencyInjection.Extensions;
using PostHog.Capture.Endpoints;
using PostHog.Capture.Routing;
using PostHog.Capture.Sinks;
using PostHog.Capture.Telemetry;
using PostHog.RequestDecoding;

namespace PostHog.Capture;

public static class CaptureRegistration
{
    /// <summary>The capture pipeline without a sink; add <see cref="AddKafkaEventSink"/> or a test sink.</summary>
    public static IHostApplicationBuilder AddCapture(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<CaptureOptions>(builder.Configuration.GetSection(CaptureOptions.Section));
        builder.Services.Configure<DecodingOptions>(builder.Configuration.GetSection(CaptureOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<RequestDecoder>();
        builder.Services.AddSingleton<KeyRateLimiter>();
        builder.Services.AddSingleton<EventRouter>();
        builder.Services.AddSingleton<CaptureTelemetry>();
        builder.Services.AddSingleton<CaptureServices>();
        // Batches are up to 20 MB, recordings 25 MB; RequestBody enforces the per-route limits.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = 32 * 1024 * 1024);
        return builder;
    }

    /// <summary>Produces to the Kafka named by <c>ConnectionStrings:kafka</c>, through the ServiceDefaults producer (health, tracing, metrics).</summary>
    public static IHostApplicationBuilder AddKafkaEventSink(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(CaptureOptions.Section).Get<CaptureOptions>() ?? new CaptureOptions();
        builder.AddKafkaProducer<string, byte[]>("kafka", settings => CaptureProducerConfig.Apply(settings.Config, options));
        builder.Services.AddSingleton<IEventSink, KafkaEventSink>();
        return builder;
    }
}
