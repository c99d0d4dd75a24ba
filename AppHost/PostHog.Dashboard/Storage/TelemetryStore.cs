using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace PostHog.Dashboard.Storage;

/// <summary>
/// Telemetry on disk (one SQLite file in the dashboard's state folder), so it outlives a dashboard restart. One writer
/// task applies OTLP exports in transactions and trims to <see cref="TelemetryLimits"/>; readers use their own
/// connections (WAL lets them read while the writer writes).
/// </summary>
public sealed partial class TelemetryStore : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly TelemetryLimits _limits;
    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Dictionary<string, long> _lastMetricPoint = new(StringComparer.Ordinal);
    private readonly Task _writer;
    private long _lastTrim;

    public TelemetryStore(string directory, TelemetryLimits limits)
    {
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, "telemetry.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true }.ToString();
        _limits = limits;
        using (var connection = Open())
        {
            Execute(connection, Schema);
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    public string FilePath { get; }

    /// <summary>Queues an export for the writer (never blocks the OTLP request on disk I/O).</summary>
    public void Add(TelemetryBatch batch) => _queue.Writer.TryWrite(batch);

    /// <summary>Completes when everything queued before the call is on disk and trimmed.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite(done) ? done.Task : Task.CompletedTask;
    }

    internal SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
        return connection;
    }

    private async Task WriteLoopAsync()
    {
        using var connection = Open();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var waiters = new List<TaskCompletionSource>();
            using (var transaction = connection.BeginTransaction())
            {
                // Everything already queued goes into one transaction: one fsync for many exports.
                var written = 0;
                while (written < 500 && reader.TryRead(out var item))
                {
                    if (item is TelemetryBatch batch)
                    {
                        Write(connection, transaction, batch);
                        written++;
                    }
                    else if (item is TaskCompletionSource waiter)
                    {
                        waiters.Add(waiter);
                    }
                }

                transaction.Commit();
            }

            var now = Environment.TickCount64;
            if (waiters.Count > 0 || now - _lastTrim > 2000)
            {
                _lastTrim = now;
                Trim(connection);
            }

            foreach (var waiter in waiters)
            {
                waiter.TrySetResult();
            }
        }
    }

    private void Write(SqliteConnection connection, SqliteTransaction transaction, TelemetryBatch batch)
    {
        if (batch.Spans.Count > 0)
        {
            WriteSpans(connection, transaction, batch.Spans);
        }

        if (batch.Logs.Count > 0)
        {
            WriteLogs(connection, transaction, batch.Logs);
        }

        if (batch.Metrics.Count > 0)
        {
            WriteMetrics(connection, transaction, batch.Metrics);
        }
    }

    private static void WriteSpans(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<SpanRecord> spans)
    {
        using var span = Command(connection, transaction, """
            INSERT INTO spans(trace_id, span_id, parent_span_id, service, instance, scope, name, kind, start_ns, end_ns, status, status_message, attributes, events, links)
            VALUES ($trace, $span, $parent, $service, $instance, $scope, $name, $kind, $start, $end, $status, $message, $attributes, $events, $links)
            """);
        using var trace = Command(connection, transaction, """
            INSERT INTO traces(trace_id, start_ns, end_ns, span_count, error_count, services, root_name, root_service)
            VALUES ($trace, $start, $end, 1, $error, $service, $root_name, $root_service)
            ON CONFLICT(trace_id) DO UPDATE SET
              start_ns = min(start_ns, excluded.start_ns),
              end_ns = max(end_ns, excluded.end_ns),
              span_count = span_count + 1,
              error_count = error_count + excluded.error_count,
              services = CASE WHEN instr(' ' || services || ' ', ' ' || excluded.services || ' ') > 0 THEN services ELSE services || ' ' || excluded.services END,
              root_name = coalesce(excluded.root_name, root_name),
              root_service = coalesce(excluded.root_service, root_service)
            """);
        foreach (var s in spans)
        {
            Bind(span, ("$trace", s.TraceId), ("$span", s.SpanId), ("$parent", s.ParentSpanId), ("$service", s.Source.Service),
                ("$instance", s.Source.Instance), ("$scope", s.Scope), ("$name", s.Name), ("$kind", s.Kind), ("$start", s.StartNanos),
                ("$end", s.EndNanos), ("$status", s.Status), ("$message", s.StatusMessage), ("$attributes", s.Attributes), ("$events", s.Events), ("$links", s.Links));
            span.ExecuteNonQuery();
            var isRoot = s.ParentSpanId.Length == 0;
            Bind(trace, ("$trace", s.TraceId), ("$start", s.StartNanos), ("$end", s.EndNanos), ("$error", s.Status == 2 ? 1 : 0),
                ("$service", s.Source.Service), ("$root_name", isRoot ? s.Name : null), ("$root_service", isRoot ? s.Source.Service : null));
            trace.ExecuteNonQuery();
        }
    }

    private static void WriteLogs(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<LogRecordEntry> logs)
    {
        using var command = Command(connection, transaction, """
            INSERT INTO logs(time_ns, service, instance, scope, severity, severity_text, body, trace_id, span_id, attributes)
            VALUES ($time, $service, $instance, $scope, $severity, $severity_text, $body, $trace, $span, $attributes)
            """);
        foreach (var l in logs)
        {
            Bind(command, ("$time", l.TimeNanos), ("$service", l.Source.Service), ("$instance", l.Source.Instance), ("$scope", l.Scope),
                ("$severity", l.Severity), ("$severity_text", l.SeverityText), ("$body", l.Body), ("$trace", l.TraceId), ("$span", l.SpanId), ("$attributes", l.Attributes));
            command.ExecuteNonQuery();
        }
    }

    private void WriteMetrics(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<MetricPoint> points)
    {
        using var command = Command(connection, transaction, """
            INSERT INTO metrics(service, instance, scope, name, description, unit, kind, cumulative, time_ns, value, count, sum, bounds, buckets, attributes)
            VALUES ($service, $instance, $scope, $name, $description, $unit, $kind, $cumulative, $time, $value, $count, $sum, $bounds, $buckets, $attributes)
            """);
        var interval = _limits.MetricInterval.Ticks * 100;
        foreach (var p in points)
        {
            // SDKs export every second in development; one point per series per interval is plenty for a chart.
            var series = string.Concat(p.Source.Service, "\n", p.Source.Instance, "\n", p.Name, "\n", p.Attributes);
            if (_lastMetricPoint.TryGetValue(series, out var last) && p.TimeNanos - last < interval)
            {
                continue;
            }

            _lastMetricPoint[series] = p.TimeNanos;
            Bind(command, ("$service", p.Source.Service), ("$instance", p.Source.Instance), ("$scope", p.Scope), ("$name", p.Name),
                ("$description", p.Description), ("$unit", p.Unit), ("$kind", p.Kind), ("$cumulative", p.Cumulative ? 1 : 0), ("$time", p.TimeNanos),
                ("$value", p.Value), ("$count", p.Count), ("$sum", p.Sum), ("$bounds", p.Bounds), ("$buckets", p.Buckets), ("$attributes", p.Attributes));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Drops the oldest traces (with their spans), logs and metric points beyond the limits.</summary>
    internal void Trim(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using (var command = Command(connection, transaction, """
            CREATE TEMP TABLE IF NOT EXISTS expired(trace_id TEXT PRIMARY KEY);
            DELETE FROM expired;
            INSERT INTO expired SELECT trace_id FROM traces ORDER BY start_ns DESC LIMIT -1 OFFSET $max_traces;
            DELETE FROM spans WHERE trace_id IN (SELECT trace_id FROM expired);
            DELETE FROM traces WHERE trace_id IN (SELECT trace_id FROM expired);
            DELETE FROM logs WHERE id <= (SELECT max(id) FROM logs) - $max_logs;
            DELETE FROM metrics WHERE id <= (SELECT max(id) FROM metrics) - $max_metrics;
            """))
        {
            Bind(command, ("$max_traces", _limits.MaxTraces), ("$max_logs", _limits.MaxLogs), ("$max_metrics", _limits.MaxMetricPoints));
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Bind(SqliteCommand command, params (string Name, object? Value)[] values)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, null, sql);
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
    }

    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS traces(
          trace_id TEXT PRIMARY KEY, start_ns INTEGER NOT NULL, end_ns INTEGER NOT NULL, span_count INTEGER NOT NULL,
          error_count INTEGER NOT NULL, services TEXT NOT NULL, root_name TEXT, root_service TEXT);
        CREATE INDEX IF NOT EXISTS traces_start ON traces(start_ns);
        CREATE TABLE IF NOT EXISTS spans(
          id INTEGER PRIMARY KEY, trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_span_id TEXT NOT NULL,
          service TEXT NOT NULL, instance TEXT, scope TEXT NOT NULL, name TEXT NOT NULL, kind INTEGER NOT NULL,
          start_ns INTEGER NOT NULL, end_ns INTEGER NOT NULL, status INTEGER NOT NULL, status_message TEXT,
          attributes TEXT NOT NULL, events TEXT NOT NULL, links TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS spans_trace ON spans(trace_id);
        CREATE TABLE IF NOT EXISTS logs(
          id INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL, service TEXT NOT NULL, instance TEXT, scope TEXT NOT NULL,
          severity INTEGER NOT NULL, severity_text TEXT NOT NULL, body TEXT NOT NULL, trace_id TEXT NOT NULL,
          span_id TEXT NOT NULL, attributes TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS logs_trace ON logs(trace_id);
        CREATE TABLE IF NOT EXISTS metrics(
          id INTEGER PRIMARY KEY, service TEXT NOT NULL, instance TEXT, scope TEXT NOT NULL, name TEXT NOT NULL,
          description TEXT NOT NULL, unit TEXT NOT NULL, kind TEXT NOT NULL, cumulative INTEGER NOT NULL,
          time_ns INTEGER NOT NULL, value REAL, count INTEGER, sum REAL, bounds TEXT, buckets TEXT, attributes TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS metrics_series ON metrics(service, name, time_ns);
        """;
}
