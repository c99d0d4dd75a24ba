using Microsoft.Data.Sqlite;

namespace PostHog.Dashboard.Storage;

/// <summary>The reads behind the dashboard's JSON API.</summary>
public sealed partial class TelemetryStore
{
    public IReadOnlyList<TraceSummary> ListTraces(string? service, string? text, int limit)
    {
        using var connection = Open();
        using var command = Command(connection, null, """
            SELECT trace_id, start_ns, end_ns, span_count, error_count, services, root_name, root_service FROM traces
            WHERE ($service IS NULL OR instr(' ' || services || ' ', ' ' || $service || ' ') > 0)
              AND ($text IS NULL OR trace_id = $text OR root_name LIKE '%' || $text || '%'
                   OR trace_id IN (SELECT trace_id FROM spans WHERE name LIKE '%' || $text || '%' OR attributes LIKE '%' || $text || '%'))
            ORDER BY start_ns DESC LIMIT $limit
            """);
        Bind(command, ("$service", Blank(service)), ("$text", Blank(text)), ("$limit", Math.Clamp(limit, 1, 1000)));
        using var reader = command.ExecuteReader();
        var traces = new List<TraceSummary>();
        while (reader.Read())
        {
            var start = reader.GetInt64(1);
            traces.Add(new TraceSummary(reader.GetString(0), start, (reader.GetInt64(2) - start) / 1e6, reader.GetInt32(3), reader.GetInt32(4),
                reader.GetString(5).Split(' ', StringSplitOptions.RemoveEmptyEntries), NullableString(reader, 6), NullableString(reader, 7)));
        }

        return traces;
    }

    public TraceDetail? GetTrace(string traceId)
    {
        using var connection = Open();
        var spans = ReadSpans(connection, "SELECT * FROM spans WHERE trace_id = $trace ORDER BY start_ns", traceId);
        if (spans.Count == 0)
        {
            return null;
        }

        // Whole traces, so a linked batch write shows its ClickHouse INSERTs too.
        var linked = ReadSpans(connection, """
            SELECT * FROM spans WHERE trace_id IN (
              SELECT DISTINCT trace_id FROM spans WHERE links <> '[]' AND trace_id <> $trace AND instr(links, $trace) > 0 LIMIT 20)
            ORDER BY start_ns LIMIT 1000
            """, traceId);
        return new TraceDetail(traceId, spans, linked);
    }

    public IReadOnlyList<LogView> QueryLogs(LogQuery query)
    {
        using var connection = Open();
        using var command = Command(connection, null, """
            SELECT id, time_ns, service, instance, scope, severity, severity_text, body, trace_id, span_id, attributes FROM logs
            WHERE ($service IS NULL OR service = $service) AND severity >= $severity
              AND ($trace IS NULL OR trace_id = $trace)
              AND ($text IS NULL OR body LIKE '%' || $text || '%' OR attributes LIKE '%' || $text || '%')
              AND ($before IS NULL OR id < $before) AND ($after IS NULL OR id > $after)
            ORDER BY id DESC LIMIT $limit
            """);
        Bind(command, ("$service", Blank(query.Service)), ("$severity", query.MinSeverity), ("$trace", Blank(query.TraceId)), ("$text", Blank(query.Text)),
            ("$before", query.BeforeId), ("$after", query.AfterId), ("$limit", Math.Clamp(query.Limit, 1, 1000)));
        using var reader = command.ExecuteReader();
        var logs = new List<LogView>();
        while (reader.Read())
        {
            logs.Add(new LogView(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), NullableString(reader, 3), reader.GetString(4), reader.GetInt32(5),
                reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10)));
        }

        return logs;
    }

    public IReadOnlyList<InstrumentView> ListInstruments(string? service)
    {
        using var connection = Open();
        using var command = Command(connection, null, """
            SELECT service, scope, name, max(description), max(unit), max(kind), max(time_ns) FROM metrics
            WHERE $service IS NULL OR service = $service
            GROUP BY service, scope, name ORDER BY service, scope, name
            """);
        Bind(command, ("$service", Blank(service)));
        using var reader = command.ExecuteReader();
        var instruments = new List<InstrumentView>();
        while (reader.Read())
        {
            instruments.Add(new InstrumentView(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt64(6)));
        }

        return instruments;
    }

    public IReadOnlyList<MetricPointView> GetMetricPoints(string service, string name, long sinceNanos)
    {
        using var connection = Open();
        using var command = Command(connection, null, """
            SELECT time_ns, instance, value, count, sum, bounds, buckets, attributes, cumulative FROM metrics
            WHERE service = $service AND name = $name AND time_ns >= $since ORDER BY time_ns LIMIT 20000
            """);
        Bind(command, ("$service", service), ("$name", name), ("$since", sinceNanos));
        using var reader = command.ExecuteReader();
        var points = new List<MetricPointView>();
        while (reader.Read())
        {
            points.Add(new MetricPointView(reader.GetInt64(0), NullableString(reader, 1), reader.IsDBNull(2) ? null : reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetDouble(4), NullableString(reader, 5),
                NullableString(reader, 6), reader.GetString(7), reader.GetInt32(8) == 1));
        }

        return points;
    }

    /// <summary>Every service that sent anything, for the filters.</summary>
    public IReadOnlyList<string> ListServices()
    {
        using var connection = Open();
        using var command = Command(connection, null, """
            SELECT DISTINCT root_service FROM traces WHERE root_service IS NOT NULL
            UNION SELECT service FROM (SELECT DISTINCT service FROM logs)
            UNION SELECT service FROM (SELECT DISTINCT service FROM metrics) ORDER BY 1
            """);
        using var reader = command.ExecuteReader();
        var services = new List<string>();
        while (reader.Read())
        {
            services.Add(reader.GetString(0));
        }

        return services;
    }

    /// <summary>Row counts (tests and the status line).</summary>
    public (long Traces, long Spans, long Logs, long MetricPoints) Count()
    {
        using var connection = Open();
        using var command = Command(connection, null, "SELECT (SELECT count(*) FROM traces), (SELECT count(*) FROM spans), (SELECT count(*) FROM logs), (SELECT count(*) FROM metrics)");
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private static List<SpanView> ReadSpans(SqliteConnection connection, string sql, string traceId)
    {
        using var command = Command(connection, null, sql);
        Bind(command, ("$trace", traceId));
        using var reader = command.ExecuteReader();
        var spans = new List<SpanView>();
        while (reader.Read())
        {
            spans.Add(new SpanView(
                reader.GetString(reader.GetOrdinal("trace_id")), reader.GetString(reader.GetOrdinal("span_id")), reader.GetString(reader.GetOrdinal("parent_span_id")),
                reader.GetString(reader.GetOrdinal("service")), NullableString(reader, reader.GetOrdinal("instance")), reader.GetString(reader.GetOrdinal("scope")),
                reader.GetString(reader.GetOrdinal("name")), reader.GetInt32(reader.GetOrdinal("kind")), reader.GetInt64(reader.GetOrdinal("start_ns")),
                reader.GetInt64(reader.GetOrdinal("end_ns")), reader.GetInt32(reader.GetOrdinal("status")), NullableString(reader, reader.GetOrdinal("status_message")),
                reader.GetString(reader.GetOrdinal("attributes")), reader.GetString(reader.GetOrdinal("events")), reader.GetString(reader.GetOrdinal("links"))));
        }

        return spans;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
