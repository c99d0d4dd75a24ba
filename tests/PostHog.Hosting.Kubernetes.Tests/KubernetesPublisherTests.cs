using k8s;
using k8s.Models;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.ClickHouse;
using PostHog.Hosting.Servers.Redis;
using PostHog.Hosting.Servers.ZooKeeper;

namespace PostHog.Hosting.Kubernetes.Tests;

/// <summary>The publisher in-process, on small models: expression substitution, secrets, sizes, and the checks' own teeth.</summary>
public sealed class KubernetesPublisherTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("posthog-k8s-unit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private IDistributedApplicationBuilder Builder() => DistributedApplication.CreateBuilder(new DistributedApplicationOptions
    {
        Args = ["--publisher", "kubernetes", "--state-dir", Path.Combine(_directory, ".state")],
        ProjectDirectory = _directory,
    });

    private string Project()
    {
        var path = Path.Combine(_directory, "Api", "Api.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        return path;
    }

    [Fact]
    public async Task Endpoints_become_service_names_and_parameters_become_secret_backed_variables()
    {
        var builder = Builder();
        var redis = builder.AddRedis("redis");
        builder.AddProject("api", Project()).WithReference(redis).WithEnvironment("LITERAL", "a $(b) c");
        var files = await KubernetesPublisher.RenderAsync(new DistributedApplicationModel(builder.Resources), new KubernetesPublisherOptions());

        var container = KubernetesYaml.Deserialize<V1Deployment>(files["api/deployment.yaml"], strict: true).Spec.Template.Spec.Containers.Single();
        var env = container.Env.ToDictionary(e => e.Name);
        Assert.Equal("redis:6379,password=$(PARAMETER_REDIS_PASSWORD)", env["ConnectionStrings__redis"].Value);
        Assert.Equal("redis-password", env["PARAMETER_REDIS_PASSWORD"].ValueFrom.SecretKeyRef.Key);
        Assert.Equal("posthog-parameters", env["REDIS_PASSWORD"].ValueFrom.SecretKeyRef.Name);
        var settings = KubernetesYaml.Deserialize<V1ConfigMap>(files["api/configmap.yaml"], strict: true).Data;
        Assert.Equal("redis", settings["REDIS_HOST"]);
        Assert.Equal("8080", settings["HTTP_PORTS"]);
        // A literal "$(" is escaped so Kubernetes leaves it alone.
        Assert.Equal("a $$(b) c", settings["LITERAL"]);
        Assert.Equal(1, KubernetesYaml.Deserialize<V1Deployment>(files["api/deployment.yaml"]).Spec.Replicas);
    }

    [Fact]
    public async Task Publishing_never_reads_a_parameter_value()
    {
        var builder = Builder();
        builder.AddRedis("redis", password: builder.AddParameter("redis-password", secret: true));
        var files = await KubernetesPublisher.RenderAsync(new DistributedApplicationModel(builder.Resources), new KubernetesPublisherOptions());
        // Reading the parameter would throw: it has no configured value.
        Assert.Contains("redis-password=\n", files["parameters/parameters.env.example"], StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, ".state", "parameters")));
    }

    [Fact]
    public async Task Cluster_sizes_follow_the_model()
    {
        var builder = Builder();
        var zookeeper = builder.AddZooKeeper("zookeeper", nodes: 1);
        builder.AddClickHouse("clickhouse", shards: 1, replicas: 1).WithReference(zookeeper);
        var files = await KubernetesPublisher.RenderAsync(new DistributedApplicationModel(builder.Resources), new KubernetesPublisherOptions());

        Assert.Equal(1, KubernetesYaml.Deserialize<V1StatefulSet>(files["zookeeper/statefulset.yaml"]).Spec.Replicas);
        Assert.DoesNotContain("zookeeper/poddisruptionbudget.yaml", files.Keys);
        var installation = KubernetesYaml.Deserialize<CustomResources.ClickHouseInstallation>(files["clickhouse/clickhouseinstallation.yaml"], strict: true);
        Assert.Equal(1, installation.Spec.Configuration.Clusters.Single().Layout.ShardsCount);
        Assert.Equal("zookeeper-0.zookeeper-headless", installation.Spec.Configuration.Zookeeper!.Nodes.Single().Host);
    }

    [Fact]
    public async Task A_resource_without_a_writer_is_an_error_not_a_silent_gap()
    {
        var builder = Builder();
        builder.AddResource(new UnknownResource("mystery"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KubernetesPublisher.RenderAsync(new DistributedApplicationModel(builder.Resources), new KubernetesPublisherOptions()));
        Assert.Contains("mystery", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_parsing_rejects_a_field_the_typed_model_does_not_know()
    {
        const string yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  selektor:\n    a: b\n";
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(yaml, ManifestDocuments.CustomTypes, strict: true));
        const string installation = "apiVersion: clickhouse.altinity.com/v1\nkind: ClickHouseInstallation\nmetadata:\n  name: x\nspec:\n  configuration:\n    clusterz: []\n";
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(installation, ManifestDocuments.CustomTypes, strict: true));
    }

    private sealed class UnknownResource(string name) : Resource(name);
}
