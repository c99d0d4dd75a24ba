using PostHog.Dashboard.Storage;

namespace PostHog.Dashboard.Tests;

/// <summary>Telemetry is on disk: it survives a dashboard restart, and the oldest is dropped beyond the limits.</summary>
[Trait("Category", "Integration")]
public sealed class TelemetryStorageTests
{
    [Fact]
    public async Task Telemetry_and_login_token_survive_a_dashboard_restart()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        var token = dashboard.Server.BrowserToken;
        dashboard.Server.Store.Add(Batch(traceNumber: 1, logs: 3));
        await dashboard.Server.Store.FlushAsync();

        await dashboard.RestartAsync();

        Assert.Equal(token, dashboard.Server.BrowserToken);
        var trace = dashboard.Server.Store.GetTrace(TraceId(1));
        Assert.Equal(2, trace!.Spans.Count);
        Assert.Equal(3, dashboard.Server.Store.QueryLogs(new LogQuery(Service: "svc")).Count);
        Assert.Single(dashboard.Server.Store.ListInstruments("svc"));
        using var client = dashboard.Client();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync($"/api/traces/{TraceId(1)}")).StatusCode);
    }

    [Fact]
    public async Task Retention_keeps_the_newest_traces_logs_and_metric_points()
    {
        var limits = new TelemetryLimits { MaxTraces = 5, MaxLogs = 7, MaxMetricPoints = 4, MetricInterval = TimeSpan.Zero };
        await using var dashboard = await StandaloneDashboard.StartAsync(limits);
        var store = dashboard.Server.Store;
        for (var i = 1; i <= 20; i++)
        {
            store.Add(Batch(i, logs: 2));
        }

        await store.FlushAsync();

        var (traces, spans, logs, points) = store.Count();
        Assert.Equal(5, traces);
        Assert.Equal(10, spans);
        Assert.Equal(7, logs);
        Assert.Equal(4, points);
        Assert.Null(store.GetTrace(TraceId(15)));
        Assert.NotNull(store.GetTrace(TraceId(16)));
        Assert.Equal([TraceId(20), TraceId(19), TraceId(18), TraceId(17), TraceId(16)], store.ListTraces(null, null, 100).Select(t => t.TraceId));
        Assert.All(store.QueryLogs(new LogQuery()), l => Assert.True(l.TimeNanos >= Nanos(17)));
    }

    [Fact]
    public async Task Metric_points_of_one_series_are_thinned_to_the_interval()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync(new TelemetryLimits { MetricInterval = TimeSpan.FromSeconds(5) });
        var store = dashboard.Server.Store;
        for (var second = 0; second < 20; second++)
        {
            store.Add(TelemetryBatch.OfMetrics([Point(1_700_000_000_000_000_000 + (second * 1_000_000_000L))]));
        }

        await store.FlushAsync();
        Assert.Equal(4, store.Count().MetricPoints); // seconds 0, 5, 10, 15
    }

    internal static string TraceId(int n) => n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    private static long Nanos(int n) => 1_700_000_000_000_000_000 + (n * 1_000_000_000L);

    private static TelemetryBatch Batch(int traceNumber, int logs)
    {
        var source = new TelemetrySource("svc", null);
        var start = Nanos(traceNumber);
        SpanRecord Span(string id, string parent) => new(TraceId(traceNumber), id, parent, source, "scope", "span " + id, 1, start, start + 1_000_000, 0, null, "{}", "[]", "[]");
        return new TelemetryBatch(
            [Span("a000000000000001", string.Empty), Span("a000000000000002", "a000000000000001")],
            [.. Enumerable.Range(0, logs).Select(i => new LogRecordEntry(start + i, source, "cat", 9, "Information", $"log {traceNumber}/{i}", TraceId(traceNumber), string.Empty, "{}"))],
            [Point(start)]);
    }

    private static MetricPoint Point(long time)
        => new(new TelemetrySource("svc", null), "meter", "requests", "requests", "{request}", "sum", true, time, 1, null, null, null, null, "{}");
}
