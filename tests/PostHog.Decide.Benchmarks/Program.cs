// Decide /flags under load vs a bare Kestrel endpoint in the same run (see README.md).
// dotnet run -c Release --project tests/PostHog.Decide.Benchmarks -- [--rate 2000] [--seconds 10] [--concurrency 16] [--rounds 2]
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PostHog.Decide;
using PostHog.Decide.Benchmarks;
using PostHog.Hosting;
using PostHog.Hosting.Servers.PgBouncer;
using PostHog.Hosting.Servers.Postgres;
using PostHog.Hosting.Servers.Redis;
using PostHog.Hosting.Testing;
using PostHog.Migrations.Postgres;

// The open-loop load runs in a second process: this executable again, in --load mode.
if (args.Contains("--load")) return await LoadChild.RunAsync(args);

double rate = Option("--rate", 2000);
var seconds = TimeSpan.FromSeconds(Option("--seconds", 10));
var concurrency = (int)Option("--concurrency", 16);
var rounds = (int)Option("--rounds", 2);
// Passed through to the load process (connections, spin before the due time).
string[] loadOptions = [.. ((string[])["--connections", "--spin-us"]).Where(args.Contains).SelectMany(name => (string[])[name, args[Array.IndexOf(args, name) + 1]])];
// The load process stands for clients on other machines, so its own scheduling delays on the 2 shared cores should
// not count against the servers: by default it runs real-time (`chrt -f 1`, it needs ~0.1 core); --load-sched nice
// runs it under `nice -n -10`, --load-sched normal as any process. The servers always run as normal processes.
string[] loadLauncher = (Array.IndexOf(args, "--load-sched") is var schedAt and >= 0 && schedAt + 1 < args.Length ? args[schedAt + 1] : "fifo") switch
{
    "fifo" => ["chrt", "-f", "1"],
    "nice" => ["nice", "-n", "-10"],
    "normal" => [],
    var other => throw new ArgumentException($"--load-sched {other}: fifo, nice or normal"),
};
MonotonicClock.EnsureStopwatchIsMonotonic();
using var runtimePauses = new RuntimePauses();
var serverTimings = new ServerTimings((int)(rate * seconds.TotalSeconds));

Console.WriteLine($"Starting Postgres + PgBouncer + Redis ({Environment.ProcessorCount} cores)...");
var servers = DistributedApplicationTestingBuilder.Create();
var posthog = servers.AddPostgres("postgres").AddDatabase("posthog");
servers.AddPgBouncer("pgbouncer").AddDatabase("posthogdb", posthog);
servers.AddRedis("redis");
await using var app = await servers.BuildAsync();
await app.StartAsync();
await app.ResourceNotifications.WaitForResourceHealthyAsync("posthogdb");
await app.ResourceNotifications.WaitForResourceHealthyAsync("redis");
var direct = (await app.GetConnectionStringAsync("posthog"))!;
new PostgresMigrator(direct, NullLogger<PostgresMigrator>.Instance).Migrate();
await using var database = NpgsqlDataSource.Create(direct);
var token = await new DefaultProjectSeed(database, NullLogger<DefaultProjectSeed>.Instance).SeedAsync(null, default);
await BenchmarkData.SeedAsync(database, DefaultProjectSeed.DefaultTeamId);

var decide = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
decide.WebHost.UseUrls("http://127.0.0.1:0");
decide.Logging.ClearProviders();
decide.Configuration["ConnectionStrings:posthogdb"] = await app.GetConnectionStringAsync("posthogdb");
decide.Configuration["ConnectionStrings:redis"] = await app.GetConnectionStringAsync("redis");
decide.AddDecide();
await using var decideApp = decide.Build();
serverTimings.Install(decideApp);
decideApp.MapDecideEndpoints();
await decideApp.StartAsync();

// The baselines: Kestrel reading the same body and answering fixed bytes with a Content-Length, as Decide does.
// The main one serves Decide's own answer to a benchmark request, captured below, verbatim: the ratio then measures
// what Decide adds over HTTP plus the bytes PostHog's response shape needs. The 2.8 KB one is the earlier baseline.
byte[] decideAnswer = [];
var smallBody = new byte[2800];
Array.Fill(smallBody, (byte)' ');
"{\"flags\":{}}"u8.CopyTo(smallBody);
var bare = WebApplication.CreateSlimBuilder();
bare.WebHost.UseUrls("http://127.0.0.1:0");
bare.Logging.ClearProviders();
await using var bareApp = bare.Build();
serverTimings.Install(bareApp);
bareApp.MapPost("/flags", (HttpContext context) => AnswerFixedAsync(context, decideAnswer));
bareApp.MapPost("/small", (HttpContext context) => AnswerFixedAsync(context, smallBody));
await bareApp.StartAsync();

var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AutomaticDecompression = DecompressionMethods.None };
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
// Bodies are serialized up front so the load generator, which shares the 2 cores, spends no time on JSON.
var withProperties = Enumerable.Range(0, BenchmarkData.Persons).Select(i => BenchmarkData.WithProperties(token, i)).ToArray();
var storedPerson = Enumerable.Range(0, BenchmarkData.Persons).Select(i => BenchmarkData.Stored(token, i)).ToArray();
HttpRequestMessage Request(string url, byte[][] bodies, int i) =>
    new(HttpMethod.Post, url) { Content = new ByteArrayContent(bodies[i % bodies.Length]) { Headers = { ContentType = new("application/json") } } };

var decideUrl = decideApp.Urls.First() + "/flags?v=2";
var bareUrl = bareApp.Urls.First();
var probe = await client.SendAsync(Request(decideUrl, withProperties, 1));
decideAnswer = await probe.Content.ReadAsByteArrayAsync();
Console.WriteLine($"Decide answers {(int)probe.StatusCode}, {decideAnswer.Length} bytes, {System.Text.Json.JsonDocument.Parse(decideAnswer).RootElement.GetProperty("flags").EnumerateObject().Count()} flags; the bare baseline serves these bytes");

if (args.Contains("--profile"))
{
    var evaluation = decideApp.Services.GetRequiredService<FlagsEvaluation>();
    await StageProfile.RunAsync(evaluation, i => withProperties[i % withProperties.Length], "properties in request");
    await StageProfile.RunAsync(evaluation, i => storedPerson[i % storedPerson.Length], "stored person (PG)", 5_000);
    return 0;
}

var sameBytes = $"bare kestrel, same {decideAnswer.Length / 1024.0:0.0} KB";
var scenarios = new (string Name, string Url, string BodiesKind, byte[][] Bodies)[]
{
    ("decide, properties in request", decideUrl, "properties", withProperties),
    ("decide, stored person (PG)", decideUrl, "stored", storedPerson),
    (sameBytes, bareUrl + "/flags?v=2", "properties", withProperties),
    ("bare kestrel, 2.8 KB (old)", bareUrl + "/small?v=2", "properties", withProperties),
};
// --only <text>[,<text>...]: just the scenarios whose name contains one of the texts.
var only = Array.IndexOf(args, "--only") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
var chosen = scenarios.Where(s => only is null || only.Split(',').Any(part => s.Name.Contains(part, StringComparison.OrdinalIgnoreCase))).ToArray();
var failures = 0;
var self = System.Diagnostics.Process.GetCurrentProcess();

// Open loop at --rate, from a separate load process (its GC and thread pool are not the servers'), scenarios
// interleaved round by round so that Decide and bare see the same machine. Each load process warms up first.
// The server process measured over the load process's measured phase only (it prints a line at start and end).
(int Gen0, int Gen1, int Gen2, TimeSpan Cpu, TimeSpan Waited, long At) Snapshot()
{
    self.Refresh();
    return (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), self.TotalProcessorTime, RunQueueWait.OfThisProcess(), System.Diagnostics.Stopwatch.GetTimestamp());
}
// The set-up (migrations, seeding, 20,000 request bodies, the probe) left garbage that is neither Decide's nor the
// bare endpoint's: one full collection now, so that a gen2 for it does not land in whichever phase comes first.
// Later GCs, of any generation, are counted and timed per phase.
GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
var opens = chosen.ToDictionary(s => s.Name, _ => new List<(OpenLoopSummary Summary, double ServerCpuUs, double ServerCores, string Load)>());
for (var round = 1; round <= rounds; round++)
foreach (var (name, url, bodiesKind, _) in chosen)
{
    Console.WriteLine($"round {round}: {name}  (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    serverTimings.Clear();
    var (phaseStart, phaseEnd) = (Snapshot(), Snapshot());
    var (records, exitCode) = await LoadProcess.RunAsync(url, bodiesKind, token, rate, seconds, loadOptions, loadLauncher,
        phase => { if (phase == LoadProcess.PhaseStarts) phaseStart = Snapshot(); else phaseEnd = Snapshot(); });
    var summary = OpenLoopSummary.From(records);
    if (exitCode != 0 || summary.Failed > 0) failures++;
    var serverCpu = (phaseEnd.Cpu - phaseStart.Cpu).TotalMicroseconds / Math.Max(1, records.Count);
    var phaseSeconds = (phaseEnd.At - phaseStart.At) / (double)System.Diagnostics.Stopwatch.Frequency;
    var serverCores = (phaseEnd.Cpu - phaseStart.Cpu).TotalSeconds / phaseSeconds;
    Console.WriteLine($"           server process over the phase: CPU {serverCpu:0.0} µs/request ({serverCores:0.00} cores), threads waited for a CPU {(phaseEnd.Waited - phaseStart.Waited).TotalMilliseconds:0} ms; GCs gen0 {phaseEnd.Gen0 - phaseStart.Gen0}, gen1 {phaseEnd.Gen1 - phaseStart.Gen1}, gen2 {phaseEnd.Gen2 - phaseStart.Gen2}");
    Console.WriteLine("           " + TailBreakdown.Describe(records, serverTimings, runtimePauses));
    opens[name].Add((summary, serverCpu, serverCores, File.ReadAllText("/proc/loadavg").Split(' ')[0]));
}

// Saturation in interleaved 1 s slices (all scenarios in turn, repeated), so that on a shared machine every scenario
// sees the same background load. It stays in this process with HttpClient, as before: on 2 cores the client's CPU
// competes with the servers' wherever it runs, so max req/s measures client + server cost per request either way
// (same client for Decide and bare), and the ratio stays comparable with the earlier runs. The process's CPU time
// per request (client + servers; Postgres and PgBouncer are other processes) is the load-independent part.
var loads = chosen.ToDictionary(s => s.Name, s => new SaturationLoad(client, i => Request(s.Url, s.Bodies, i)));
foreach (var (name, _, _, _) in chosen) await loads[name].RunSaturatedAsync(name, concurrency, TimeSpan.FromSeconds(2)); // this client's warm-up
var slices = (int)Math.Max(5, seconds.TotalSeconds / 2);
var parts = chosen.ToDictionary(s => s.Name, _ => new List<SaturationLoad.Result>());
var cpu = chosen.ToDictionary(s => s.Name, _ => TimeSpan.Zero);
for (var slice = 0; slice < slices; slice++)
foreach (var (name, _, _, _) in chosen)
{
    self.Refresh();
    var before = self.TotalProcessorTime;
    parts[name].Add(await loads[name].RunSaturatedAsync(name, concurrency, TimeSpan.FromSeconds(1)));
    self.Refresh();
    cpu[name] += self.TotalProcessorTime - before;
}
var saturated = chosen.ToDictionary(s => s.Name, s => SaturationLoad.Result.Combine(s.Name, parts[s.Name]));
foreach (var (name, result) in saturated)
{
    if (result.Failed > 0) failures++;
    Console.WriteLine($"saturated c={concurrency,-4} {result}  process CPU {cpu[name].TotalMicroseconds / Math.Max(1, result.Sent - result.Failed),5:0} µs/request");
}

var bareMax = saturated.TryGetValue(sameBytes, out var baseline) ? baseline.RequestsPerSecond : double.NaN;
Console.WriteLine();
Console.WriteLine($"Open loop at {rate:0}/s for {seconds.TotalSeconds:0} s from a separate load process; latency from the scheduled send time, ms:");
Console.WriteLine("| round | scenario | p50 | p90 | p99 | p99.9 | max | achieved req/s | errors | send late p99 | server process CPU µs/req (cores) | load avg after |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
for (var round = 0; round < rounds; round++)
foreach (var (name, _, _, _) in chosen)
{
    var (open, serverCpu, serverCores, load) = opens[name][round];
    Console.WriteLine(FormattableString.Invariant($"| {round + 1} | {name} | {open.Percentile(50):0.00} | {open.Percentile(90):0.00} | {open.Percentile(99):0.00} | {open.Percentile(99.9):0.00} | {open.Percentile(100):0.00} | {open.RequestsPerSecond:0} | {open.Failed} | {OpenLoopSummary.Percentile(open.LatenessMs, 99):0.00} | {serverCpu:0} ({serverCores:0.00}) | {load} |"));
}
Console.WriteLine();
Console.WriteLine($"Saturation, closed loop c={concurrency}, in-process HttpClient, interleaved 1 s slices × {slices}:");
Console.WriteLine("| scenario | max req/s | vs bare (same bytes) | process CPU µs/request |");
Console.WriteLine("|---|---|---|---|");
foreach (var (name, result) in saturated)
    Console.WriteLine(FormattableString.Invariant($"| {name} | {result.RequestsPerSecond:0} | {result.RequestsPerSecond / bareMax:0.00} | {cpu[name].TotalMicroseconds / Math.Max(1, result.Sent - result.Failed):0} |"));

await decideApp.StopAsync();
await bareApp.StopAsync();
if (failures > 0) Console.Error.WriteLine($"FAILED: {failures} phase(s) had failed requests");
return failures > 0 ? 1 : 0;

static async Task AnswerFixedAsync(HttpContext context, byte[] answer)
{
    var buffer = new byte[4096];
    while (await context.Request.Body.ReadAsync(buffer) > 0) { }
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = answer.Length;
    await context.Response.Body.WriteAsync(answer);
}

double Option(string name, double fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && double.TryParse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
