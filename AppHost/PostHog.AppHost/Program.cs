// The system's topology (the picture in the design sketch): backing servers, then the services wired to them.
// Run: eng/run.sh [--fresh] [--topology small]. Sizes: Topology:* in appsettings.json (small = 1x1 ClickHouse, 1 ZooKeeper).
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Publishing;
using PostHog.Hosting.Servers.ClickHouse;
using PostHog.Hosting.Servers.Kafka;
using PostHog.Hosting.Servers.PgBouncer;
using PostHog.Hosting.Servers.Postgres;
using PostHog.Hosting.Servers.Redis;
using PostHog.Hosting.Servers.ZooKeeper;

var builder = DistributedApplication.CreateBuilder(args);
builder.AddManifestPublisher();                                       // --publisher manifest --output-path <file>
builder.AddKubernetesPublisher();                                     // --publisher kubernetes --output-path manifests
var topology = TopologySize.From(builder.Configuration);

var postgres = builder.AddPostgres("postgres");
var posthog = postgres.AddDatabase("posthog");                       // direct: migrations
var pgbouncer = builder.AddPgBouncer("pgbouncer");
var posthogdb = pgbouncer.AddDatabase("posthogdb", posthog);          // pooled: services
var redis = builder.AddRedis("redis");
var kafka = builder.AddKafka("kafka");
var zookeeper = builder.AddZooKeeper("zookeeper", nodes: topology.ZooKeeperNodes);
var clickhouse = builder.AddClickHouse("clickhouse", shards: topology.ClickHouseShards, replicas: topology.ClickHouseReplicas)
    .WithReference(zookeeper);

// The default project's token (public, like every PostHog project token): generated once, kept in the state folder.
var projectToken = builder.AddGeneratedParameter("default-project-token", secret: false, length: 43);
var defaultProjectToken = ReferenceExpression.Create($"phc_{projectToken.Resource}");
// Local development's personal API key (secret) for the default user: REST API scripts and SDK local evaluation.
var personalApiKey = builder.AddGeneratedParameter("default-personal-api-key", secret: true, length: 47);
var defaultPersonalApiKey = ReferenceExpression.Create($"phx_{personalApiKey.Resource}");

// Schema for Postgres and ClickHouse, Kafka topics, plus the default organization/project; runs to completion before the services.
var migrations = builder.AddProject<Projects.PostHog_Migrations>("migrations")
    .WithReference(posthog).WithReference(clickhouse).WithReference(kafka)
    .WithEnvironment("POSTHOG_DEFAULT_PROJECT_TOKEN", defaultProjectToken)
    .WithEnvironment("POSTHOG_DEFAULT_PERSONAL_API_KEY", defaultPersonalApiKey)
    .WaitFor(posthog).WaitFor(clickhouse).WaitFor(kafka);

var capture = builder.AddProject<Projects.PostHog_Capture>("capture")
    .WithReference(kafka).WithReference(redis)
    .WaitFor(kafka).WaitFor(redis)
    .WithHttpHealthCheck("/health");

var decide = builder.AddProject<Projects.PostHog_Decide>("decide")
    .WithReference(posthogdb).WithReference(redis)
    .WaitFor(posthogdb).WaitFor(redis).WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.PostHog_Ingestion>("ingestion")
    .WithReference(kafka).WithReference(posthogdb).WithReference(clickhouse)
    .WaitFor(kafka).WaitFor(posthogdb).WaitFor(clickhouse).WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.PostHog_Worker>("worker")
    .WithReference(kafka).WithReference(posthogdb).WithReference(redis)
    .WaitFor(kafka).WaitFor(posthogdb).WaitFor(redis).WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

var web = builder.AddProject<Projects.PostHog_Web>("web")
    .WithReference(posthog).WithReference(posthogdb).WithReference(clickhouse).WithReference(redis)
    .WaitFor(posthog).WaitFor(posthogdb).WaitFor(clickhouse).WaitFor(redis).WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.PostHog_Ingress>("ingress")
    .WithHttpEndpoint(port: 8000)
    .WithExternalHttpEndpoints()
    .WithReference(capture).WithReference(decide).WithReference(web)
    .WithHttpHealthCheck("/health");

if (builder.ExecutionContext.IsRunMode)
{
    // Read once the state folder is prepared: with --fresh, a value generated earlier would be wiped and replaced.
    builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
    {
        Console.WriteLine($"Default project token: phc_{projectToken.Resource.Value} (SDKs: api_host http://localhost:8000)");
        Console.WriteLine($"Personal API key of admin@localhost: phx_{personalApiKey.Resource.Value} (REST API and SDK local evaluation)");
        return Task.CompletedTask;
    });
}

builder.Build().Run();

/// <summary>How big the local cluster is: full (2x2 ClickHouse, 3 ZooKeeper) or small (1x1, 1), each overridable.</summary>
internal sealed record TopologySize(int ClickHouseShards, int ClickHouseReplicas, int ZooKeeperNodes)
{
    public static TopologySize From(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var small = string.Equals(configuration["Topology:Mode"], "small", StringComparison.OrdinalIgnoreCase);
        int Size(string key, int full) => int.TryParse(configuration[$"Topology:{key}"], out var n) && n > 0 ? n : small ? 1 : full;
        return new TopologySize(Size("ClickHouseShards", 2), Size("ClickHouseReplicas", 2), Size("ZooKeeperNodes", 3));
    }
}
