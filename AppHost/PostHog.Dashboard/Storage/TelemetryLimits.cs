namespace PostHog.Dashboard.Storage;

/// <summary>
/// How much telemetry the dashboard keeps on disk (oldest dropped first). Aspire keeps 10 000 logs and traces in
/// memory; on disk we can afford more. Metric points of one series are stored at most every <see cref="MetricInterval"/>.
/// </summary>
public sealed record TelemetryLimits
{
    public int MaxTraces { get; init; } = 20_000;

    public int MaxLogs { get; init; } = 100_000;

    public int MaxMetricPoints { get; init; } = 200_000;

    public TimeSpan MetricInterval { get; init; } = TimeSpan.FromSeconds(5);
}
