using Grpc.Core;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using PostHog.Dashboard.Storage;

namespace PostHog.Dashboard.Otlp;

/// <summary>OTLP/gRPC trace export (opentelemetry.proto.collector.trace.v1.TraceService).</summary>
internal sealed class OtlpTraceService(TelemetryStore store) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        store.Add(OtlpConverter.Convert(request));
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

/// <summary>OTLP/gRPC log export.</summary>
internal sealed class OtlpLogsService(TelemetryStore store) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        store.Add(OtlpConverter.Convert(request));
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}

/// <summary>OTLP/gRPC metric export.</summary>
internal sealed class OtlpMetricsService(TelemetryStore store) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        store.Add(OtlpConverter.Convert(request));
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}
