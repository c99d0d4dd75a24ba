namespace PostHog.Dashboard.Storage;

/// <summary>One row of the traces list.</summary>
public sealed record TraceSummary(string TraceId, long StartNanos, double DurationMs, int SpanCount, int ErrorCount, IReadOnlyList<string> Services, string? RootName, string? RootService);

/// <summary>A span as the waterfall shows it. Attributes, events and links stay JSON text.</summary>
public sealed record SpanView(
    string TraceId, string SpanId, string ParentSpanId, string Service, string? Instance, string Scope, string Name, int Kind,
    long StartNanos, long EndNanos, int Status, string? StatusMessage, string Attributes, string Events, string Links);

/// <summary>A trace's spans plus the spans of other traces that link to it (a batch write linking the events it wrote).</summary>
public sealed record TraceDetail(string TraceId, IReadOnlyList<SpanView> Spans, IReadOnlyList<SpanView> LinkedSpans);

public sealed record LogView(long Id, long TimeNanos, string Service, string? Instance, string Scope, int Severity, string SeverityText, string Body, string TraceId, string SpanId, string Attributes);

/// <summary>Filters of the structured logs page; all optional.</summary>
public sealed record LogQuery(string? Service = null, int MinSeverity = 0, string? Text = null, string? TraceId = null, long? BeforeId = null, long? AfterId = null, int Limit = 200);

public sealed record InstrumentView(string Service, string Scope, string Name, string Description, string Unit, string Kind, long LastNanos);

public sealed record MetricPointView(long TimeNanos, string? Instance, double? Value, long? Count, double? Sum, string? Bounds, string? Buckets, string Attributes, bool Cumulative);
