using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.LocalKafka;
using PostHog.LocalKafka.Apis;
using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Storage;
using PostHog.LocalKafka.Telemetry;

// dotnet run --project AppHost/PostHog.LocalKafka -- --port 9092 --data-dir ./.state/kafka [--partitions 4] [--urls http://127.0.0.1:8090]
var builder = WebApplication.CreateSlimBuilder(args);
var options = BrokerOptionsReader.Read(builder.Configuration);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
    builder.WebHost.UseUrls("http://127.0.0.1:0"); // never collide with another broker on Kestrel's default :5000

builder.AddServiceDefaults();
builder.Services.AddSingleton(options);
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BrokerJsonContext.Default));
builder.Services.AddSingleton<LogFlusher>();
builder.Services.AddSingleton<TopicRegistry>();
builder.Services.AddSingleton<ProducerIdStore>();
builder.Services.AddSingleton<CommittedOffsetStore>();
builder.Services.AddSingleton<GroupCoordinator>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<GroupCoordinator>());
builder.Services.AddSingleton<BrokerMetrics>();
builder.Services.AddSingleton<RequestDispatcher>();
foreach (var handler in typeof(IApiHandler).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IApiHandler))))
    builder.Services.AddSingleton(typeof(IApiHandler), handler);
builder.Services.AddHostedService<KafkaListener>();
builder.Services.AddHostedService<BackgroundFlush>();
builder.Services.AddHostedService<RetentionEnforcer>();
builder.Services.AddHealthChecks().AddCheck("kafka-listener",
    () => options.BoundPort > 0 ? HealthCheckResult.Healthy($"listening on {options.Host}:{options.BoundPort}") : HealthCheckResult.Unhealthy("not listening yet"));

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGet("/topics", (TopicRegistry topics) => topics.All.OrderBy(t => t.Name, StringComparer.Ordinal)
    .Select(t => new TopicSummary(t.Name, [.. t.Partitions.Select(p => new PartitionSummary(p.Partition, p.LogStartOffset, p.LogEndOffset))])));
// Instantiate storage eagerly so recovery (and its log lines) happens before the listener accepts clients.
app.Services.GetRequiredService<CommittedOffsetStore>();
app.Services.GetRequiredService<BrokerMetrics>();
app.Run();
