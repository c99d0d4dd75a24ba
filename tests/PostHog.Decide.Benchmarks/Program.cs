// Decide /flags under load vs a bare Kestrel endpoint in the same run (see README.md).
// dotnet run -c Release --project tests/PostHog.Decide.Benchmarks -- [--rate 2000] [--seconds 20] [--concurrency 32]
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
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

// The baseline: Kestrel reading the same body and answering a fixed JSON of about the same size as Decide's.
var bareBody = new byte[2800];
Array.Fill(bareBody, (byte)' ');
"{\"flags\":{}}"u8.CopyTo(bareBody);
var bare = WebApplication.CreateSlimBuilder();
bare.WebHost.UseUrls("http://127.0.0.1:0");
bare.Logging.ClearProviders();
await using var bareApp = bare.Build();
bareApp.MapPost("/flags", async (HttpContext context) =>
{
    var buffer = new byte[4096];
    while (await context.Request.Body.ReadAsync(buffer) > 0) { }
    context.Response.ContentType = "application/json";
    await context.Response.Body.WriteAsync(bareBody);
});
await bareApp.StartAsync();

var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AutomaticDecompression = DecompressionMethods.None };
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
HttpRequestMessage Request(string baseUrl, Func<string, int, byte[]> body, int i) =>
    new(HttpMethod.Post, $"{baseUrl}/flags?v=2") { Content = new ByteArrayContent(body(token, i)) { Headers = { ContentType = new("application/json") } } };

var decideUrl = decideApp.Urls.First();
var bareUrl = bareApp.Urls.First();
var probe = await client.SendAsync(Request(decideUrl, BenchmarkData.WithProperties, 1));
var probeText = await probe.Content.ReadAsStringAsync();
Console.WriteLine($"Decide answers {(int)probe.StatusCode}, {probeText.Length} bytes, {System.Text.Json.JsonDocument.Parse(probeText).RootElement.GetProperty("flags").EnumerateObject().Count()} flags");

var scenarios = new (string Name, string Url, Func<string, int, byte[]> Body)[]
{
    ("decide, properties in request", decideUrl, BenchmarkData.WithProperties),
    ("decide, stored person (PG)", decideUrl, BenchmarkData.Stored),
    ("bare kestrel", bareUrl, BenchmarkData.WithProperties),
};
var results = new Dictionary<string, (OpenLoopLoad.Result Open, OpenLoopLoad.Result Saturated)>();
foreach (var (name, url, body) in scenarios)
{
    var load = new OpenLoopLoad(client, i => Request(url, body, i));
    await load.RunAtRateAsync(name + " (warm-up)", rate, TimeSpan.FromSeconds(3));
    var open = await load.RunAtRateAsync(name, rate, seconds);
    Console.WriteLine($"open loop {rate:0}/s  {open}");
    var saturated = await load.RunSaturatedAsync(name, concurrency, TimeSpan.FromSeconds(Math.Max(5, seconds.TotalSeconds / 2)));
    Console.WriteLine($"saturated c={concurrency,-4} {saturated}");
    results[name] = (open, saturated);
}

var bareMax = results["bare kestrel"].Saturated.RequestsPerSecond;
Console.WriteLine();
Console.WriteLine($"| scenario | p50 ms @ {rate:0}/s | p99 ms @ {rate:0}/s | achieved req/s | max req/s (c={concurrency}) | max vs bare |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (name, (open, saturated)) in results)
    Console.WriteLine($"| {name} | {open.Percentile(50):0.00} | {open.Percentile(99):0.00} | {open.RequestsPerSecond:0} | {saturated.RequestsPerSecond:0} | {saturated.RequestsPerSecond / bareMax:0.00} |");

await decideApp.StopAsync();
await bareApp.StopAsync();

double Option(string name, double fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && double.TryParse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
