using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using PostHog.Dashboard.Storage;

namespace PostHog.Dashboard.Otlp;

/// <summary>Turns OTLP export requests (gRPC or HTTP, same messages) into the records the store keeps.</summary>
internal static class OtlpConverter
{
    public static TelemetryBatch Convert(ExportTraceServiceRequest request)
    {
        var spans = new List<SpanRecord>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var source = Source(resourceSpans.Resource?.Attributes);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = scopeSpans.Scope?.Name ?? string.Empty;
                foreach (var span in scopeSpans.Spans)
                {
                    spans.Add(new SpanRecord(
                        Hex(span.TraceId), Hex(span.SpanId), Hex(span.ParentSpanId), source, scope, span.Name, (int)span.Kind,
                        (long)span.StartTimeUnixNano, (long)Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano),
                        (int)(span.Status?.Code ?? 0), span.Status?.Message is { Length: > 0 } m ? m : null,
                        Attributes(span.Attributes), Events(span.Events), Links(span.Links)));
                }
            }
        }

        return TelemetryBatch.OfSpans(spans);
    }

    public static TelemetryBatch Convert(ExportLogsServiceRequest request)
    {
        var logs = new List<LogRecordEntry>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var source = Source(resourceLogs.Resource?.Attributes);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scope = scopeLogs.Scope?.Name ?? string.Empty;
                foreach (var log in scopeLogs.LogRecords)
                {
                    var time = log.TimeUnixNano != 0 ? log.TimeUnixNano : log.ObservedTimeUnixNano;
                    var attributes = log.Attributes;
                    // The .NET SDK puts the ILogger category in the scope name; the event name is an attribute.
                    logs.Add(new LogRecordEntry((long)time, source, scope, (int)log.SeverityNumber, log.SeverityText ?? string.Empty,
                        Text(log.Body), Hex(log.TraceId), Hex(log.SpanId), Attributes(attributes)));
                }
            }
        }

        return TelemetryBatch.OfLogs(logs);
    }

    public static TelemetryBatch Convert(ExportMetricsServiceRequest request)
    {
        var points = new List<MetricPoint>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var source = Source(resourceMetrics.Resource?.Attributes);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scope = scopeMetrics.Scope?.Name ?? string.Empty;
                foreach (var metric in scopeMetrics.Metrics)
                {
                    AddPoints(points, source, scope, metric);
                }
            }
        }

        return TelemetryBatch.OfMetrics(points);
    }

    private static void AddPoints(List<MetricPoint> points, TelemetrySource source, string scope, Metric metric)
    {
        MetricPoint Point(string kind, bool cumulative, ulong time, double? value, long? count, double? sum, string? bounds, string? buckets, RepeatedField<KeyValue> attributes)
            => new(source, scope, metric.Name, metric.Description ?? string.Empty, metric.Unit ?? string.Empty, kind, cumulative, (long)time, value, count, sum, bounds, buckets, Attributes(attributes));

        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                points.AddRange(metric.Gauge.DataPoints.Select(p => Point("gauge", false, p.TimeUnixNano, Number(p), null, null, null, null, p.Attributes)));
                break;
            case Metric.DataOneofCase.Sum:
                var cumulativeSum = metric.Sum.AggregationTemporality == AggregationTemporality.Cumulative;
                points.AddRange(metric.Sum.DataPoints.Select(p => Point("sum", cumulativeSum, p.TimeUnixNano, Number(p), null, null, null, null, p.Attributes)));
                break;
            case Metric.DataOneofCase.Histogram:
                var cumulativeHistogram = metric.Histogram.AggregationTemporality == AggregationTemporality.Cumulative;
                points.AddRange(metric.Histogram.DataPoints.Select(p => Point("histogram", cumulativeHistogram, p.TimeUnixNano, null, (long)p.Count,
                    p.HasSum ? p.Sum : null, JsonSerializer.Serialize(p.ExplicitBounds), JsonSerializer.Serialize(p.BucketCounts), p.Attributes)));
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                // Charted by count and mean only; buckets of exponential histograms are not drawn.
                var cumulativeExponential = metric.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Cumulative;
                points.AddRange(metric.ExponentialHistogram.DataPoints.Select(p => Point("histogram", cumulativeExponential, p.TimeUnixNano, null, (long)p.Count,
                    p.HasSum ? p.Sum : null, null, null, p.Attributes)));
                break;
            case Metric.DataOneofCase.Summary:
                points.AddRange(metric.Summary.DataPoints.Select(p => Point("summary", true, p.TimeUnixNano, null, (long)p.Count, p.Sum, null, null, p.Attributes)));
                break;
        }
    }

    private static double? Number(NumberDataPoint point) => point.ValueCase switch
    {
        NumberDataPoint.ValueOneofCase.AsDouble => point.AsDouble,
        NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
        _ => null,
    };

    private static TelemetrySource Source(RepeatedField<KeyValue>? attributes)
    {
        string? service = null, instance = null;
        foreach (var kv in attributes ?? [])
        {
            if (kv.Key == "service.name")
            {
                service = Text(kv.Value);
            }
            else if (kv.Key == "service.instance.id")
            {
                instance = Text(kv.Value);
            }
        }

        return new TelemetrySource(string.IsNullOrEmpty(service) ? "unknown_service" : service, instance);
    }

    private static string Hex(ByteString bytes) => bytes.IsEmpty ? string.Empty : System.Convert.ToHexStringLower(bytes.Span);

    /// <summary>Attribute values as text (the UI shows and filters text): arrays and maps as JSON.</summary>
    internal static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => System.Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue => JsonSerializer.Serialize(value.ArrayValue.Values.Select(Text)),
        AnyValue.ValueOneofCase.KvlistValue => Attributes(value.KvlistValue.Values),
        _ => string.Empty,
    };

    internal static string Attributes(IEnumerable<KeyValue> attributes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var kv in attributes)
            {
                json.WriteString(kv.Key, Text(kv.Value));
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Events(RepeatedField<OpenTelemetry.Proto.Trace.V1.Span.Types.Event> events)
        => events.Count == 0 ? "[]" : "[" + string.Join(',', events.Select(e =>
            $"{{\"name\":{JsonSerializer.Serialize(e.Name)},\"timeNanos\":{e.TimeUnixNano},\"attributes\":{Attributes(e.Attributes)}}}")) + "]";

    private static string Links(RepeatedField<OpenTelemetry.Proto.Trace.V1.Span.Types.Link> links)
        => links.Count == 0 ? "[]" : "[" + string.Join(',', links.Select(l =>
            $"{{\"traceId\":\"{Hex(l.TraceId)}\",\"spanId\":\"{Hex(l.SpanId)}\",\"attributes\":{Attributes(l.Attributes)}}}")) + "]";
}
