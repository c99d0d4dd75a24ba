using System.Text.Json;
using System.Text.RegularExpressions;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.ClickHouse;
using PostHog.Hosting.Servers.Kafka;
using PostHog.Hosting.Servers.PgBouncer;
using PostHog.Hosting.Servers.Postgres;
using PostHog.Hosting.Servers.Redis;
using PostHog.Hosting.Servers.ZooKeeper;
using Xunit;

namespace PostHog.Hosting.Publishing.Tests;

/// <summary>The manifest against the spec's §2 (types, bindings, env expressions) for a model shaped like the AppHost's.</summary>
public sealed partial class ManifestSpecTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("posthog-manifest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<JsonElement> PublishAsync()
    {
        var project = Path.Combine(_directory, "Api", "Api.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);
        File.WriteAllText(project, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--publisher", "manifest", "--state-dir", Path.Combine(_directory, ".state")],
            ProjectDirectory = _directory,
        });
        var postgres = builder.AddPostgres("postgres");
        var posthog = postgres.AddDatabase("posthog");
        var pooled = builder.AddPgBouncer("pgbouncer").AddDatabase("posthogdb", posthog);
        var redis = builder.AddRedis("redis");
        var kafka = builder.AddKafka("kafka");
        var zookeeper = builder.AddZooKeeper("zookeeper", nodes: 3);
        var clickhouse = builder.AddClickHouse("clickhouse", shards: 2, replicas: 2).WithReference(zookeeper);
        var token = builder.AddGeneratedParameter("token", secret: false, length: 43);
        var api = builder.AddProject("api", project)
            .WithReference(pooled).WithReference(redis).WithReference(kafka).WithReference(clickhouse)
            .WithEnvironment("TOKEN", ReferenceExpression.Create($"phc_{token.Resource}"));
        builder.AddProject("edge", project).WithHttpEndpoint(port: 8000).WithExternalHttpEndpoints().WithReference(api);
        var json = await ManifestPublisher.WriteAsync(new DistributedApplicationModel(builder.Resources), _directory);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [Fact]
    public async Task Every_expression_names_a_resource_and_binding_the_manifest_contains()
    {
        var resources = (await PublishAsync()).GetProperty("resources");
        var strings = new List<string>();
        Collect(resources, strings);
        var references = strings.SelectMany(s => Expression().Matches(s)).ToList();
        Assert.NotEmpty(references);
        foreach (Match reference in references)
        {
            var name = reference.Groups["name"].Value;
            Assert.True(resources.TryGetProperty(name, out var target), $"{reference.Value}: no resource '{name}' in the manifest");
            var path = reference.Groups["path"].Value.Split('.');
            switch (path[0])
            {
                case "bindings":
                    Assert.True(target.GetProperty("bindings").TryGetProperty(path[1], out _), $"{reference.Value}: '{name}' has no binding '{path[1]}'");
                    break;
                case "connectionString":
                    Assert.True(target.TryGetProperty("connectionString", out _), $"{reference.Value}: '{name}' has no connection string");
                    break;
                default:
                    Assert.Equal("parameter.v0", target.GetProperty("type").GetString());
                    break;
            }
        }
    }

    [Fact]
    public async Task Resource_types_follow_the_spec()
    {
        var resources = (await PublishAsync()).GetProperty("resources");
        string TypeOf(string name) => resources.GetProperty(name).GetProperty("type").GetString()!;
        Assert.Equal("project.v0", TypeOf("api"));
        Assert.Equal("Api/Api.csproj", resources.GetProperty("api").GetProperty("path").GetString());
        Assert.Equal("container.v0", TypeOf("postgres"));
        Assert.Equal("value.v0", TypeOf("posthog"));
        Assert.Equal("value.v0", TypeOf("posthogdb"));
        Assert.Equal("parameter.v0", TypeOf("postgres-password"));
        Assert.All(["kafka", "redis", "pgbouncer", "zookeeper", "clickhouse"], name => Assert.Equal("container.v0", TypeOf(name)));
        Assert.All(["zookeeper-1", "clickhouse-s1-r1"], name => Assert.False(resources.TryGetProperty(name, out _)));
        Assert.False(resources.GetProperty("kafka").TryGetProperty("env", out var kafkaEnv) && kafkaEnv.TryGetProperty("ASPNETCORE_URLS", out _));
    }

    [Fact]
    public async Task Bindings_carry_scheme_protocol_transport_and_port_only_when_it_differs_from_the_target()
    {
        var resources = (await PublishAsync()).GetProperty("resources");
        foreach (var resource in resources.EnumerateObject())
        {
            if (!resource.Value.TryGetProperty("bindings", out var bindings))
            {
                continue;
            }

            foreach (var binding in bindings.EnumerateObject())
            {
                var names = binding.Value.EnumerateObject().Select(p => p.Name).ToList();
                Assert.Subset(new HashSet<string> { "scheme", "protocol", "transport", "port", "targetPort", "external" }, names.ToHashSet());
                Assert.All(["scheme", "protocol", "transport"], required => Assert.Contains(required, names));
                if (binding.Value.TryGetProperty("port", out var port) && binding.Value.TryGetProperty("targetPort", out var target))
                {
                    Assert.NotEqual(target.GetInt32(), port.GetInt32());
                }

                Assert.True(resource.Value.GetProperty("type").GetString() == "project.v0" || binding.Value.TryGetProperty("targetPort", out _), $"{resource.Name}.{binding.Name}: a container binding needs targetPort");
            }
        }

        var edge = resources.GetProperty("edge").GetProperty("bindings").GetProperty("http");
        Assert.True(edge.GetProperty("external").GetBoolean());
        Assert.Equal(8000, edge.GetProperty("targetPort").GetInt32());
    }

    [Fact]
    public async Task Projects_get_the_publish_mode_variables_and_reference_expressions()
    {
        var env = (await PublishAsync()).GetProperty("resources").GetProperty("api").GetProperty("env");
        Assert.Equal("true", env.GetProperty("ASPNETCORE_FORWARDEDHEADERS_ENABLED").GetString());
        Assert.Equal("{api.bindings.http.targetPort}", env.GetProperty("HTTP_PORTS").GetString());
        Assert.Equal("in_memory", env.GetProperty("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY").GetString());
        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port},password={redis-password.value}", env.GetProperty("ConnectionStrings__redis").GetString());
        Assert.Equal("{pgbouncer.bindings.tcp.host}", env.GetProperty("POSTHOGDB_HOST").GetString());
        Assert.Equal("phc_{token.value}", env.GetProperty("TOKEN").GetString());
        Assert.Contains("Endpoint={clickhouse.bindings.http.url};", env.GetProperty("ConnectionStrings__clickhouse").GetString(), StringComparison.Ordinal);
        Assert.False(env.TryGetProperty("OTEL_SERVICE_NAME", out _));
        var edge = (await PublishAsync()).GetProperty("resources").GetProperty("edge").GetProperty("env");
        Assert.Equal("{api.bindings.http.url}", edge.GetProperty("services__api__http__0").GetString());
    }

    [Fact]
    public async Task Generated_parameters_say_how_long_a_value_to_generate()
    {
        var resources = (await PublishAsync()).GetProperty("resources");
        var token = resources.GetProperty("token").GetProperty("inputs").GetProperty("value");
        Assert.False(token.TryGetProperty("secret", out _));
        Assert.Equal(43, token.GetProperty("default").GetProperty("generate").GetProperty("minLength").GetInt32());
        var password = resources.GetProperty("postgres-password").GetProperty("inputs").GetProperty("value");
        Assert.True(password.GetProperty("secret").GetBoolean());
        Assert.Equal(22, password.GetProperty("default").GetProperty("generate").GetProperty("minLength").GetInt32());
    }

    private static void Collect(JsonElement element, List<string> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                strings.Add(element.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, strings);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, strings);
                }

                break;
        }
    }

    [GeneratedRegex(@"\{(?<name>[a-zA-Z][a-zA-Z0-9-]*)\.(?<path>bindings\.[a-zA-Z0-9-]+\.[a-zA-Z]+|connectionString|value|inputs\.value)\}")]
    private static partial Regex Expression();
}
