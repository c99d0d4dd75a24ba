using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PostHog.Dashboard.Storage;

namespace PostHog.Dashboard.Api;

/// <summary>JSON reads of stored telemetry: services, traces, one trace, structured logs, instruments and their points.</summary>
internal static class TelemetryEndpoints
{
    public static void MapTelemetryApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/services", (TelemetryStore store) => store.ListServices());

        endpoints.MapGet("/api/traces", (TelemetryStore store, string? service, string? q, int? limit)
            => store.ListTraces(service, q, limit ?? 200));

        endpoints.MapGet("/api/traces/{traceId}", (TelemetryStore store, string traceId)
            => store.GetTrace(traceId.ToLowerInvariant()) is { } trace ? Results.Ok(trace) : Results.NotFound());

        endpoints.MapGet("/api/logs", (TelemetryStore store, string? service, int? level, string? q, string? trace, long? before, long? after, int? limit)
            => store.QueryLogs(new LogQuery(service, level ?? 0, q, trace?.ToLowerInvariant(), before, after, limit ?? 200)));

        endpoints.MapGet("/api/metrics", (TelemetryStore store, string? service) => store.ListInstruments(service));

        endpoints.MapGet("/api/metrics/points", (TelemetryStore store, string service, string name, int? minutes) =>
        {
            var since = DateTimeOffset.UtcNow.AddMinutes(-Math.Clamp(minutes ?? 15, 1, 24 * 60)).ToUnixTimeMilliseconds() * 1_000_000;
            return store.GetMetricPoints(service, name, since);
        });

        endpoints.MapGet("/api/stats", (TelemetryStore store) =>
        {
            var (traces, spans, logs, points) = store.Count();
            return new { traces, spans, logs, metricPoints = points };
        });
    }
}
