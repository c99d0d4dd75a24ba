using k8s.Models;
using PostHog.Hosting.Kubernetes.CustomResources;
using PostHog.Ingress;

namespace PostHog.Hosting.Kubernetes.Tests;

/// <summary>The production shape the brief asks for, read back from the published objects.</summary>
[Collection(PublishedManifestsCollection.Name)]
public sealed class ManifestTopologyTests(PublishedManifests published)
{
    private static readonly string[] HttpServices = ["capture", "decide", "ingestion", "worker", "web"];
    private readonly ManifestDocuments _documents = new(published);

    [Fact]
    public void Ingress_paths_are_the_local_ingress_route_table()
    {
        var ingress = Assert.Single(_documents.OfType<V1Ingress>());
        var paths = Assert.Single(ingress.Spec.Rules).Http.Paths;
        var expected = IngressRoutes.PathFamilies.Select(f => (f.PathPrefix, f.Service)).Append(("/", IngressRoutes.FallbackService));
        Assert.Equal(expected, paths.Select(p => (p.Path, p.Backend.Service.Name)));
        Assert.All(paths, p => Assert.Equal("Prefix", p.PathType));
        var services = _documents.OfType<V1Service>().ToDictionary(s => s.Metadata.Name);
        Assert.All(paths, p => Assert.Contains(services[p.Backend.Service.Name].Spec.Ports, port => port.Name == p.Backend.Service.Port.Name));
        Assert.DoesNotContain(_documents.OfType<V1Deployment>(), d => d.Metadata.Name == "ingress");
    }

    [Fact]
    public void Services_are_deployments_with_health_probes_and_replica_counts()
    {
        foreach (var name in HttpServices)
        {
            var deployment = Assert.Single(_documents.OfType<V1Deployment>(), d => d.Metadata.Name == name);
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
            Assert.True(deployment.Spec.Replicas >= 1);
            Assert.Contains(_documents.OfType<V1Service>(), s => s.Metadata.Name == name);
            Assert.EndsWith($"/{name}:latest", container.Image, StringComparison.Ordinal);
        }

        // Routed services run two pods so a rolling update never empties them.
        Assert.All(IngressRoutes.Services, name => Assert.Equal(2, _documents.OfType<V1Deployment>().Single(d => d.Metadata.Name == name).Spec.Replicas));
    }

    [Fact]
    public void Migrations_is_a_job_that_every_waiting_service_waits_for()
    {
        var job = Assert.Single(_documents.OfType<V1Job>());
        Assert.Equal("migrations", job.Metadata.Name);
        Assert.Equal("OnFailure", job.Spec.Template.Spec.RestartPolicy);
        foreach (var name in new[] { "decide", "ingestion", "worker", "web" })
        {
            var pod = _documents.OfType<V1Deployment>().Single(d => d.Metadata.Name == name).Spec.Template.Spec;
            var wait = Assert.Single(pod.InitContainers, c => c.Name == "wait-for-migrations");
            Assert.Equal(["kubectl", "wait", "--for=condition=complete", "job/migrations", "--timeout=600s"], wait.Command);
            Assert.Equal("migrations-waiter", pod.ServiceAccountName);
        }

        var role = Assert.Single(_documents.OfType<V1Role>());
        Assert.Contains("migrations", role.Rules.Single().ResourceNames);
        Assert.Contains("watch", role.Rules.Single().Verbs);
    }

    [Fact]
    public void Postgres_is_a_statefulset_with_pgbouncer_in_front_and_services_use_the_pooler()
    {
        var postgres = _documents.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "postgres");
        Assert.StartsWith("docker.io/library/postgres:", postgres.Spec.Template.Spec.Containers[0].Image, StringComparison.Ordinal);
        Assert.NotEmpty(postgres.Spec.VolumeClaimTemplates);
        var pgbouncer = _documents.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "pgbouncer-env");
        Assert.Equal("postgres", pgbouncer.Data["DB_HOST"]);
        Assert.Equal("transaction", pgbouncer.Data["POOL_MODE"]);
        var decide = _documents.OfType<V1Deployment>().Single(d => d.Metadata.Name == "decide").Spec.Template.Spec.Containers[0];
        Assert.StartsWith("Host=pgbouncer;Port=5432;", decide.Env.Single(e => e.Name == "ConnectionStrings__posthogdb").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Kafka_is_apache_kafka_in_kraft_mode_never_the_local_broker()
    {
        var kafka = _documents.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "kafka");
        var container = Assert.Single(kafka.Spec.Template.Spec.Containers);
        Assert.StartsWith("docker.io/apache/kafka:", container.Image, StringComparison.Ordinal);
        Assert.DoesNotContain(published.Generated.Values, text => text.Contains("LocalKafka", StringComparison.Ordinal) || text.Contains("ASPNETCORE_URLS", StringComparison.Ordinal));
        var settings = _documents.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "kafka-env").Data;
        Assert.Equal("broker,controller", settings["KAFKA_PROCESS_ROLES"]);
        Assert.Equal(kafka.Spec.Replicas, settings["KAFKA_CONTROLLER_QUORUM_VOTERS"].Split(',').Length);
        Assert.Equal(3, kafka.Spec.Replicas);
    }

    [Fact]
    public void ClickHouse_is_an_operator_installation_of_two_shards_by_two_replicas_on_the_three_node_zookeeper()
    {
        var zookeeper = _documents.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "zookeeper");
        Assert.Equal(3, zookeeper.Spec.Replicas);
        var zookeeperHosts = Enumerable.Range(0, 3).Select(i => $"zookeeper-{i}.{zookeeper.Spec.ServiceName}").ToList();
        Assert.Equal(3, _documents.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "zookeeper-env").Data["ZOO_SERVERS"].Split(' ').Length);

        var installation = Assert.Single(_documents.OfType<ClickHouseInstallation>());
        var cluster = Assert.Single(installation.Spec.Configuration.Clusters);
        Assert.Equal("posthog", cluster.Name);
        Assert.Equal(2, cluster.Layout.ShardsCount);
        Assert.Equal(2, cluster.Layout.ReplicasCount);
        Assert.Equal(zookeeperHosts, installation.Spec.Configuration.Zookeeper!.Nodes.Select(n => n.Host));

        // Clients reach every replica by the operator's Service names.
        var web = _documents.OfType<V1Deployment>().Single(d => d.Metadata.Name == "web").Spec.Template.Spec.Containers[0];
        var endpoint = web.Env.Single(e => e.Name == "ConnectionStrings__clickhouse").Value;
        foreach (var (shard, replica) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
        {
            Assert.Contains($"http://{ClickHouseInstallation.ReplicaServiceName("clickhouse", "posthog", shard, replica)}:8123", endpoint, StringComparison.Ordinal);
        }
    }
}
