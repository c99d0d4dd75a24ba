using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.ClickHouse;
using PostHog.Hosting.Servers.Kafka;
using PostHog.Hosting.Servers.PgBouncer;
using PostHog.Hosting.Servers.Postgres;
using PostHog.Hosting.Servers.Redis;
using PostHog.Hosting.Servers.ZooKeeper;
using PostHog.Hosting.Testing;

namespace PostHog.Hosting.Tests.Servers;

/// <summary>Connection strings and properties exactly as eng/TOPOLOGY.md and Aspire's integrations give them.</summary>
public sealed class ServerResourceTests
{
    private static IDistributedApplicationTestingBuilder Builder()
    {
        var builder = TestModel.Builder();
        builder.Configuration["Parameters:postgres-password"] = "pgpw";
        builder.Configuration["Parameters:redis-password"] = "redispw";
        builder.Configuration["Parameters:clickhouse-password"] = "chpw";
        return builder;
    }

    private static async Task<string?> ConnectionStringOf(IResourceWithConnectionString resource) => await resource.GetConnectionStringAsync();

    [Fact]
    public async Task Postgres_database_and_pooled_database_connection_strings_match_the_topology()
    {
        await using var builder = Builder();
        var postgres = builder.AddPostgres("postgres");
        var posthog = postgres.AddDatabase("posthog");
        var pgbouncer = builder.AddPgBouncer("pgbouncer");
        var posthogdb = pgbouncer.AddDatabase("posthogdb", posthog);
        TestModel.Allocate(postgres.Resource, 5432);
        TestModel.Allocate(pgbouncer.Resource, 6432);

        Assert.Equal("Host=127.0.0.1;Port=5432;Username=postgres;Password=pgpw", await ConnectionStringOf(postgres.Resource));
        Assert.Equal("Host=127.0.0.1;Port=5432;Username=postgres;Password=pgpw;Database=posthog", await ConnectionStringOf(posthog.Resource));
        Assert.Equal("Host=127.0.0.1;Port=6432;Username=postgres;Password=pgpw;Database=posthog;Max Auto Prepare=0;No Reset On Close=true",
            await ConnectionStringOf(posthogdb.Resource));
        Assert.Same(postgres.Resource, posthog.Resource.Parent);
        Assert.Same(pgbouncer.Resource, posthogdb.Resource.Parent);
        Assert.Contains(pgbouncer.Resource.Annotations.OfType<WaitAnnotation>(), w => ReferenceEquals(w.Resource, posthog.Resource));
    }

    [Fact]
    public async Task Referencing_databases_injects_connection_strings_and_aspire_13_properties()
    {
        await using var builder = Builder();
        var postgres = builder.AddPostgres("postgres");
        var posthog = postgres.AddDatabase("posthog");
        var pgbouncer = builder.AddPgBouncer("pgbouncer");
        var posthogdb = pgbouncer.AddDatabase("posthogdb", posthog);
        var service = builder.AddExecutable("svc", "true", ".").WithReference(posthog).WithReference(posthogdb);
        TestModel.Allocate(postgres.Resource, 5432);
        TestModel.Allocate(pgbouncer.Resource, 6432);

        var env = await TestModel.EnvironmentOf(service.Resource);

        Assert.Equal("Host=127.0.0.1;Port=5432;Username=postgres;Password=pgpw;Database=posthog", env["ConnectionStrings__posthog"]);
        Assert.Equal("127.0.0.1", env["POSTHOG_HOST"]);
        Assert.Equal("5432", env["POSTHOG_PORT"]);
        Assert.Equal("postgres", env["POSTHOG_USERNAME"]);
        Assert.Equal("pgpw", env["POSTHOG_PASSWORD"]);
        Assert.Equal("posthog", env["POSTHOG_DATABASENAME"]);
        Assert.Equal("postgresql://postgres:pgpw@127.0.0.1:5432/posthog", env["POSTHOG_URI"]);
        Assert.Equal("jdbc:postgresql://127.0.0.1:5432/posthog", env["POSTHOG_JDBCCONNECTIONSTRING"]);
        Assert.Equal("6432", env["POSTHOGDB_PORT"]);
        Assert.Equal("posthog", env["POSTHOGDB_DATABASENAME"]);
    }

    [Fact]
    public async Task Postgres_user_name_parameter_replaces_the_default_user()
    {
        await using var builder = Builder();
        builder.Configuration["Parameters:pg-user"] = "admin";
        var postgres = builder.AddPostgres("postgres", userName: builder.AddParameter("pg-user"));
        TestModel.Allocate(postgres.Resource, 5432);

        Assert.Equal("Host=127.0.0.1;Port=5432;Username=admin;Password=pgpw", await ConnectionStringOf(postgres.Resource));
        Assert.Equal("admin", await postgres.Resource.GetUserNameAsync());
    }

    [Fact]
    public async Task Redis_connection_string_and_properties()
    {
        await using var builder = Builder();
        var redis = builder.AddRedis("redis");
        var service = builder.AddExecutable("svc", "true", ".").WithReference(redis);
        TestModel.Allocate(redis.Resource, 6379);

        var env = await TestModel.EnvironmentOf(service.Resource);

        Assert.Equal("127.0.0.1:6379,password=redispw", env["ConnectionStrings__redis"]);
        Assert.Equal("127.0.0.1", env["REDIS_HOST"]);
        Assert.Equal("6379", env["REDIS_PORT"]);
        Assert.Equal("redispw", env["REDIS_PASSWORD"]);
        Assert.Equal("redis://:redispw@127.0.0.1:6379", env["REDIS_URI"]);
    }

    [Fact]
    public async Task Kafka_connection_string_is_the_bootstrap_server_with_host_and_port_properties()
    {
        await using var builder = Builder();
        var kafka = builder.AddKafka("kafka");
        var service = builder.AddExecutable("svc", "true", ".").WithReference(kafka);
        TestModel.Allocate(kafka.Resource, 9092);

        var env = await TestModel.EnvironmentOf(service.Resource);

        Assert.Equal("127.0.0.1:9092", env["ConnectionStrings__kafka"]);
        Assert.Equal("127.0.0.1", env["KAFKA_HOST"]);
        Assert.Equal("9092", env["KAFKA_PORT"]);
        Assert.True(File.Exists(LocalKafkaBroker.AssemblyPath), $"broker not built at '{LocalKafkaBroker.AssemblyPath}'");
    }

    [Fact]
    public async Task Kafka_runs_the_built_broker_with_dotnet_exec_on_its_port_and_data_dir()
    {
        await using var builder = Builder();
        var kafka = builder.AddKafka("kafka");
        TestModel.Allocate(kafka.Resource, 9092);

        var args = await Orchestration.ResourceEnvironment.ResolveArgumentsAsync(kafka.Resource, TestModel.Run);

        Assert.Equal("dotnet", kafka.Resource.Command);
        Assert.Equal(["exec", LocalKafkaBroker.AssemblyPath, "--port", "9092", "--data-dir", Path.Combine(builder.StateDirectory, "kafka", "data")], args);
        var withPartitions = builder.AddKafka("kafka4", partitions: 4);
        TestModel.Allocate(withPartitions.Resource, 9093);
        Assert.Equal(["--partitions", "4"], (await Orchestration.ResourceEnvironment.ResolveArgumentsAsync(withPartitions.Resource, TestModel.Run)).TakeLast(2));
    }

    [Fact]
    public async Task ZooKeeper_ensemble_has_child_nodes_and_lists_every_client_port()
    {
        await using var builder = Builder();
        var zookeeper = builder.AddZooKeeper("zookeeper", nodes: 3);
        var port = 2181;
        foreach (var node in zookeeper.Resource.Nodes)
        {
            TestModel.Allocate(node, port++);
        }

        Assert.Equal(["zookeeper-1", "zookeeper-2", "zookeeper-3"], zookeeper.Resource.Nodes.Select(n => n.Name));
        Assert.All(zookeeper.Resource.Nodes, n => Assert.Same(zookeeper.Resource, n.Parent));
        Assert.Equal(2, zookeeper.Resource.Quorum);
        Assert.Equal("127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183", await ConnectionStringOf(zookeeper.Resource));
    }

    [Fact]
    public async Task ClickHouse_cluster_lists_every_node_http_url_and_waits_for_its_zookeeper()
    {
        await using var builder = Builder();
        var zookeeper = builder.AddZooKeeper("zookeeper");
        var clickhouse = builder.AddClickHouse("clickhouse", shards: 2, replicas: 2).WithReference(zookeeper);
        var port = 8123;
        foreach (var node in clickhouse.Resource.Nodes)
        {
            TestModel.Allocate(node, port++);
        }

        Assert.Equal(["clickhouse-s1-r1", "clickhouse-s1-r2", "clickhouse-s2-r1", "clickhouse-s2-r2"], clickhouse.Resource.Nodes.Select(n => n.Name));
        Assert.Equal(
            "Endpoint=http://127.0.0.1:8123,http://127.0.0.1:8124,http://127.0.0.1:8125,http://127.0.0.1:8126;Username=default;Password=chpw;Database=default;Cluster=posthog",
            await ConnectionStringOf(clickhouse.Resource));
        Assert.All(clickhouse.Resource.Nodes, n => Assert.Contains(n.Annotations.OfType<WaitAnnotation>(), w => ReferenceEquals(w.Resource, zookeeper.Resource)));
        Assert.Same(zookeeper.Resource, clickhouse.Resource.ZooKeeper);
    }

    [Fact]
    public async Task Every_server_has_an_aspire_style_health_check_and_the_image_it_becomes()
    {
        await using var builder = Builder();
        var postgres = builder.AddPostgres("postgres");
        var resources = new IResource[]
        {
            postgres.Resource,
            postgres.AddDatabase("posthog").Resource,
            builder.AddPgBouncer("pgbouncer").Resource,
            builder.AddRedis("redis").Resource,
            builder.AddKafka("kafka").Resource,
            builder.AddZooKeeper("zookeeper").Resource,
            builder.AddClickHouse("clickhouse").Resource,
        };

        foreach (var resource in resources)
        {
            Assert.Contains(new HealthCheckAnnotation($"{resource.Name}_check"), resource.Annotations.OfType<HealthCheckAnnotation>());
        }

        var images = resources.Select(r => r.Annotations.OfType<ContainerImageAnnotation>().SingleOrDefault()?.Image).ToList();
        Assert.Equal(["library/postgres", null, "edoburu/pgbouncer", "library/redis", "apache/kafka", "library/zookeeper", "clickhouse/clickhouse-server"], images);
    }

    [Fact]
    public async Task Publish_mode_gives_the_container_its_image_settings_and_no_local_paths()
    {
        var options = new DistributedApplicationOptions { Args = ["--publisher", "manifest"], ProjectDirectory = AppContext.BaseDirectory };
        var builder = DistributedApplication.CreateBuilder(options);
        Assert.True(builder.ExecutionContext.IsPublishMode);
        var redis = builder.AddRedis("redis");
        var postgres = builder.AddPostgres("postgres");
        var zookeeper = builder.AddZooKeeper("zookeeper");

        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port},password={redis-password.value}", redis.Resource.ConnectionStringExpression.ValueExpression);
        Assert.Equal(["--requirepass", "$(REDIS_PASSWORD)", "--appendonly", "yes"], await Orchestration.ResourceEnvironment.ResolveArgumentsAsync(redis.Resource, TestModel.Publish));
        Assert.Equal("{redis-password.value}", (await TestModel.EnvironmentOf(redis.Resource, TestModel.Publish))["REDIS_PASSWORD"]);
        var postgresEnv = await TestModel.EnvironmentOf(postgres.Resource, TestModel.Publish);
        Assert.Equal("{postgres-password.value}", postgresEnv["POSTGRES_PASSWORD"]);
        Assert.Equal("postgres", postgresEnv["POSTGRES_USER"]);
        Assert.Empty(await Orchestration.ResourceEnvironment.ResolveArgumentsAsync(postgres.Resource, TestModel.Publish));
        Assert.Empty(await Orchestration.ResourceEnvironment.ResolveArgumentsAsync(zookeeper.Resource.Nodes[0], TestModel.Publish));
        Assert.Equal(5432, postgres.Resource.PrimaryEndpoint.EndpointAnnotation.TargetPort);
        Assert.Equal(6379, redis.Resource.PrimaryEndpoint.EndpointAnnotation.TargetPort);
        Assert.Empty((await TestModel.EnvironmentOf(redis.Resource, TestModel.Run)).Keys);
    }
}
