// Decide /flags under load vs a bare Kestrel endpoint in the same run (see README.md).
// dotnet run -c Release --project tests/PostHog.Decide.Benchmarks -- [--rate 2000] [--seconds 20] [--concurrency 32]
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

double rate = Option("--rate", 2000);
var seconds = TimeSpan.FromSeconds(Option("--seconds", 20));
var concurrency = (int)Option("--concurrency", 32);

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
    return;
}

var sameBytes = $"bare kestrel, same {decideAnswer.Length / 1024.0:0.0} KB";
var scenarios = new (string Name, string Url, byte[][] Bodies)[]
{
    ("decide, properties in request", decideUrl, withProperties),
    ("decide, stored person (PG)", decideUrl, storedPerson),
    (sameBytes, bareUrl + "/flags?v=2", withProperties),
    ("bare kestrel, 2.8 KB (old)", bareUrl + "/small?v=2", withProperties),
};
// --only <text>: just the scenarios whose name contains it (for profiling one of them).
var only = Array.IndexOf(args, "--only") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
var chosen = scenarios.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).ToArray();
var loads = chosen.ToDictionary(s => s.Name, s => new OpenLoopLoad(client, i => Request(s.Url, s.Bodies, i)));
var opens = new Dictionary<string, OpenLoopLoad.Result>();
foreach (var (name, _, _) in chosen)
{
    Console.WriteLine($"warm-up    {await loads[name].WarmUpAsync(rate)}");
    var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    var open = opens[name] = await loads[name].RunAtRateAsync(name, rate, seconds);
    Console.WriteLine($"open loop {rate:0}/s  {open}");
    Console.WriteLine($"           GCs (client and servers share the process): gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}, paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms");
}

// Saturation in interleaved 1 s slices (all scenarios in turn, repeated), so that on a shared machine every scenario
// sees the same background load; run one after another, a busy minute for one and a quiet one for the next skewed
// the ratio. The process's CPU time per request (client + servers; Postgres and PgBouncer are other processes) is
// the load-independent part of the cost.
var slices = (int)Math.Max(5, seconds.TotalSeconds / 2);
var parts = chosen.ToDictionary(s => s.Name, _ => new List<OpenLoopLoad.Result>());
var cpu = chosen.ToDictionary(s => s.Name, _ => TimeSpan.Zero);
var self = System.Diagnostics.Process.GetCurrentProcess();
for (var slice = 0; slice < slices; slice++)
foreach (var (name, _, _) in chosen)
{
    self.Refresh();
    var before = self.TotalProcessorTime;
    parts[name].Add(await loads[name].RunSaturatedAsync(name, concurrency, TimeSpan.FromSeconds(1)));
    self.Refresh();
    cpu[name] += self.TotalProcessorTime - before;
}
var results = chosen.ToDictionary(s => s.Name, s => (Open: opens[s.Name], Saturated: OpenLoopLoad.Result.Combine(s.Name, parts[s.Name])));
foreach (var (name, (_, saturated)) in results)
    Console.WriteLine($"saturated c={concurrency,-4} {saturated}  process CPU {cpu[name].TotalMicroseconds / Math.Max(1, saturated.Sent - saturated.Failed),5:0} µs/request");

var bareMax = results.TryGetValue(sameBytes, out var baseline) ? baseline.Saturated.RequestsPerSecond : double.NaN;
var bareCpu = results.ContainsKey(sameBytes) ? cpu[sameBytes].TotalMicroseconds / (baseline.Saturated.Sent - baseline.Saturated.Failed) : double.NaN;
Console.WriteLine();
Console.WriteLine($"| scenario | p50 ms @ {rate:0}/s | p99 ms @ {rate:0}/s | achieved req/s | max req/s (c={concurrency}) | max vs bare (same bytes) | process CPU µs/request |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var (name, (open, saturated)) in results)
{
    var perRequest = cpu[name].TotalMicroseconds / Math.Max(1, saturated.Sent - saturated.Failed);
    Console.WriteLine($"| {name} | {open.Percentile(50):0.00} | {open.Percentile(99):0.00} | {open.RequestsPerSecond:0} | {saturated.RequestsPerSecond:0} | {saturated.RequestsPerSecond / bareMax:0.00} | {perRequest:0} |");
}
Console.WriteLine($"(bare same-bytes CPU {bareCpu:0} µs/request)");

await decideApp.StopAsync();
await bareApp.StopAsync();

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
