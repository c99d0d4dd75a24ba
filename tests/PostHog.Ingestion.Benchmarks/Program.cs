using System.Globalization;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Testing;
using PostHog.Ingestion.Benchmarks;
using PostHog.ServiceDefaults.ClickHouse;

// Ingestion's sustained rate as a ratio to raw JSONEachRow inserts of the same rows (same run, same cluster), and the
// p95 capture → queryable latency at a fixed event rate, on the real AppHost (small topology: 1×1 ClickHouse).
var events = Option("--events", 50_000);
var rate = Option("--rate", 2_000);
var seconds = Option("--seconds", 20);
var topology = args.SkipWhile(a => a != "--topology").Skip(1).FirstOrDefault() ?? "small";
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(20));

await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PostHog_AppHost>(["--topology", topology], cts.Token);
builder.Configuration["AppHost:ForwardResourceLogs"] = "false";
await using var app = await builder.BuildAsync(cts.Token);
await app.StartAsync(cts.Token);
foreach (var resource in new[] { "clickhouse", "kafka", "capture", "ingestion" })
{
    await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cts.Token);
}

var token = "phc_" + app.Model.Resources.OfType<ParameterResource>().Single(p => p.Name == "default-project-token").Value;
using var clickHouse = new ClickHouseClient(ClickHouseConnectionString.Parse((await app.GetConnectionStringAsync("clickhouse", cts.Token))!));
using var capture = app.CreateHttpClient("capture");
var sender = new BenchEvents(capture, token);
var run = Guid.NewGuid().ToString("N")[..8];
Console.WriteLine($"AppHost up ({topology} topology); load average {LoadAverage()}.");

// Warm-up: JIT and connections of capture and ingestion, Kafka topics.
await new CaptureToQueryLatency(sender, clickHouse).MeasureAsync($"warm-{run}", 500, TimeSpan.FromSeconds(3), cts.Token);

var quiet = new ClickHouseQuiet(clickHouse);
var ingested = await new IngestionThroughput(app.ResourceCommands, sender, new EventCounter(clickHouse), quiet).MeasureAsync($"tp-{run}", events, cts.Token);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ingestion:      {ingested.EventsPerSecond,10:N0} events/s  (the last {ingested.Events:N0} of {events:N0} backlogged events in {ingested.Elapsed.TotalSeconds:0.00} s; first events queryable {ingested.FirstVisible.TotalSeconds:0.0} s after the restart)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"                CPU per event in that stretch: ingestion {ingested.IngestionMicrosecondsPerEvent:N0} µs, ClickHouse {ingested.ClickHouseMicrosecondsPerEvent:N0} µs"));
var baseline = new RawInsertBaseline(clickHouse, quiet);
var (raw, rows, rounds) = await baseline.MeasureAsync(IngestionThroughput.EventName, $"tp-{run}", cts.Token);
Console.WriteLine($"raw inserts:    {raw,10:N0} rows/s    ({rows:N0} of the same rows, JSONEachRow, {RawInsertBaseline.BatchSize} per insert; fastest of {string.Join(" / ", rounds.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))})");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"                CPU per row: ClickHouse {baseline.ClickHouseMicrosecondsPerRow:N0} µs"));
Console.WriteLine($"ratio:          {ingested.EventsPerSecond / raw,10:0.00}             (target ≥ 0.5)");

var latency = await new CaptureToQueryLatency(sender, clickHouse).MeasureAsync($"lat-{run}", rate, TimeSpan.FromSeconds(seconds), cts.Token);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"latency:        p50 {latency.P50Seconds:0.00} s, p95 {latency.P95Seconds:0.00} s, max {latency.MaxSeconds:0.00} s (target p95 ≤ 5 s) at {latency.AchievedEventsPerSecond:N0} events/s sent; {latency.Visible}/{latency.Requests} requests visible, poll {CaptureToQueryLatency.PollInterval.TotalMilliseconds} ms"));
Console.WriteLine($"rejected batches: {sender.Rejected}; load average {LoadAverage()}.");

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
