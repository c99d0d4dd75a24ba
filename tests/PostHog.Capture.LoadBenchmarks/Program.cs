using System.Diagnostics;
using System.Globalization;
using PostHog.Capture.Benchmarks;
using PostHog.Capture.LoadBenchmarks;
using PostHog.Contracts;

// Capture's accepted events/s (acks=all, 50-event gzip batches as posthog-js sends them, closed loop of N connections)
// as a ratio to a bare producer with capture's settings sending the very messages capture produced, same broker, same run.
// dotnet run -c Release --project tests/PostHog.Capture.LoadBenchmarks -- [--seconds 15] [--warmup 20] [--rounds 3] [--connections 64] [--partitions 4] [--capture-env NAME=VALUE]
var seconds = TimeSpan.FromSeconds(Option("--seconds", 15));
var warmup = TimeSpan.FromSeconds(Option("--warmup", 20));
var connections = Option("--connections", 64);
var partitions = Option("--partitions", 4);
var browsers = Option("--bodies", 2000);
const int EventsPerBatch = 50;
const string BaselineTopic = "capture_load_baseline";
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));

// One body per simulated browser (its own distinct_id), so the per-person rate limit never reroutes to overflow.
var bodies = Enumerable.Range(0, browsers).Select(_ => GzipBatch.Create(EventsPerBatch, Guid.CreateVersion7().ToString())).ToArray();
Console.WriteLine($"{browsers} bodies of {EventsPerBatch} $pageview events, gzip {bodies.Average(b => b.Length) / 1024:0.0} KB each; {Environment.ProcessorCount} cores; load average {LoadAverage()}");

var captureEnvironment = args.Select((a, i) => (a, i)).Where(x => x.a == "--capture-env" && x.i + 1 < args.Length)
    .Select(x => args[x.i + 1].Split('=', 2)).Select(kv => KeyValuePair.Create(kv[0], kv.Length > 1 ? kv[1] : "")).ToList();
await using var stack = await CaptureStack.StartAsync(partitions, captureEnvironment, cts.Token);
Console.WriteLine($"broker {stack.BootstrapServers} ({partitions} partitions), capture {stack.CaptureUrl} = {stack.CaptureCommandLine} {string.Join(" ", captureEnvironment.Select(kv => $"{kv.Key}={kv.Value}"))}");
var kafka = new CapturedMessages(stack.BootstrapServers);
var load = new ClosedLoopLoad(stack.CaptureUrl, bodies, EventsPerBatch);

var warm = await load.RunAsync(connections, warmup, cts.Token);
Console.WriteLine($"capture warm-up:  {warm.EventsPerSecond,10:N0} events/s, {warm.Failed} failed {warm.FirstFailure}");
var sample = kafka.Read(KafkaTopics.EventsPluginIngestion, (int)Math.Min(warm.AcceptedEvents, 20_000), partitions);
var baseline = new RawProduceBaseline(stack.BootstrapServers, sample);
var warmRaw = baseline.Run(BaselineTopic, warmup);
Console.WriteLine($"baseline warm-up: {warmRaw.MessagesPerSecond,10:N0} msgs/s from a sample of {sample.Count:N0} capture messages ({sample.Average(m => m.Value.Length):N0} B values)");

// Capture and raw produce take turns in --rounds slices, so a change in what else runs on the machine hits both alike.
var rounds = Option("--rounds", 3);
var slice = seconds / rounds;
var captureRounds = new List<ClosedLoopLoad.Result>();
var rawRounds = new List<RawProduceBaseline.Result>();
var captureCpu = new double[3];
var rawCpu = new double[3];
long stored = 0;
Console.WriteLine($"load average before the measured run: {LoadAverage()}");
for (var round = 1; round <= rounds; round++)
{
    var countedBefore = CountCaptured();
    var cpu = CpuMeter.Start(stack);
    var capturedRound = await load.RunAsync(connections, slice, cts.Token);
    Add(captureCpu, cpu.Stop());
    stored += CountCaptured() - countedBefore;
    cpu = CpuMeter.Start(stack);
    var rawRound = baseline.Run(BaselineTopic, slice);
    Add(rawCpu, cpu.Stop());
    captureRounds.Add(capturedRound);
    rawRounds.Add(rawRound);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round}: capture {capturedRound.EventsPerSecond,8:N0} events/s, raw {rawRound.MessagesPerSecond,8:N0} msgs/s, ratio {capturedRound.EventsPerSecond / rawRound.MessagesPerSecond:0.00}; load average {LoadAverage()}"));
}
var captured = ClosedLoopLoad.Result.Combine(captureRounds);
var raw = RawProduceBaseline.Result.Combine(rawRounds);

var ratio = captured.EventsPerSecond / raw.MessagesPerSecond;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

    | measured {seconds.TotalSeconds:0} s each, {rounds} rounds | rate | latency | failures | CPU s capture / broker / benchmark | CPU µs per event, same order |
    |---|---:|---|---:|---|---|
    | capture, {connections} connections, 50-event gzip batches, acks=all | {captured.EventsPerSecond:N0} events/s ({captured.Accepted / captured.Seconds:N0} req/s) | p50 {captured.Percentile(50):0.0} ms, p99 {captured.Percentile(99):0.0} ms, max {captured.Percentile(100):0.0} ms | {captured.Failed} | {Seconds(captureCpu)} | {PerEvent(captureCpu, captured.AcceptedEvents)} |
    | raw produce, capture's producer settings, same messages | {raw.MessagesPerSecond:N0} msgs/s | | {raw.Failed} | {Seconds(rawCpu)} | {PerEvent(rawCpu, raw.Delivered)} |

    ratio capture ÷ raw produce: {ratio:0.00} (target ≥ 0.6); load average {LoadAverage()} at the end
    Kafka check: {captured.AcceptedEvents:N0} events answered 200, {stored:N0} messages acknowledged by the broker on capture's topics meanwhile
    """));
if (captured.FirstFailure is not null) Console.WriteLine($"first capture failure: {captured.FirstFailure}");
if (raw.FirstFailure is not null) Console.WriteLine($"first raw failure: {raw.FirstFailure}");
return captured.Failed == 0 && raw.Failed == 0 && stored >= captured.AcceptedEvents ? 0 : 1;

static void Add(double[] total, double[] more)
{
    for (var i = 0; i < total.Length; i++) total[i] += more[i];
}

static string Seconds(double[] cpu) => string.Join(" / ", cpu.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)));
static string PerEvent(double[] cpu, long events) => string.Join(" / ", cpu.Select(s => (s * 1e6 / Math.Max(1, events)).ToString("0.0", CultureInfo.InvariantCulture)));

long CountCaptured() => kafka.Count(KafkaTopics.EventsPluginIngestion) + kafka.Count(KafkaTopics.EventsPluginIngestionOverflow);

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
