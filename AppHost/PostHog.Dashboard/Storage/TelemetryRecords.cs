namespace PostHog.Dashboard.Storage;

/// <summary>Where a piece of telemetry came from: service.name (= the AppHost resource name) and service.instance.id.</summary>
public sealed record TelemetrySource(string Service, string? Instance);

/// <summary>One span as stored; attributes, events and links are JSON text.</summary>
public sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string ParentSpanId,
    TelemetrySource Source,
    string Scope,
    string Name,
    int Kind,
    long StartNanos,
    long EndNanos,
    int Status,
    string? StatusMessage,
    string Attributes,
    string Events,
    string Links);

/// <summary>One OTLP log record; severity is the OTLP severity number (1–24, 0 unknown).</summary>
public sealed record LogRecordEntry(
    long TimeNanos,
    TelemetrySource Source,
    string Scope,
    int Severity,
    string SeverityText,
    string Body,
    string TraceId,
    string SpanId,
    string Attributes);

/// <summary>
/// One data point of one instrument. Kind is gauge, sum, histogram or summary; Cumulative says whether values
/// (sums, counts, buckets) run from the process start (then a chart differences them) or are per interval.
/// </summary>
public sealed record MetricPoint(
    TelemetrySource Source,
    string Scope,
    string Name,
    string Description,
    string Unit,
    string Kind,
    bool Cumulative,
    long TimeNanos,
    double? Value,
    long? Count,
    double? Sum,
    string? Bounds,
    string? Buckets,
    string Attributes);

/// <summary>What one OTLP export carried, converted.</summary>
public sealed record TelemetryBatch(IReadOnlyList<SpanRecord> Spans, IReadOnlyList<LogRecordEntry> Logs, IReadOnlyList<MetricPoint> Metrics)
{
    public static TelemetryBatch OfSpans(IReadOnlyList<SpanRecord> spans) => new(spans, [], []);

    public static TelemetryBatch OfLogs(IReadOnlyList<LogRecordEntry> logs) => new([], logs, []);

    public static TelemetryBatch OfMetrics(IReadOnlyList<MetricPoint> metrics) => new([], [], metrics);
}
