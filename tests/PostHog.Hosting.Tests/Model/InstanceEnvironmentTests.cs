using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Orchestration;

namespace PostHog.Hosting.Tests.Model;

public sealed class InstanceEnvironmentTests
{
    [Fact]
    public async Task Each_replica_gets_its_own_ASPNETCORE_URLS_and_service_instance_id()
    {
        await using var builder = TestModel.Builder();
        var capture = builder.AddProject("capture", "/src/Capture/Capture.csproj").WithReplicas(2);
        var first = new ResourceInstance(capture.Resource, 0, 2);
        var second = new ResourceInstance(capture.Resource, 1, 2);
        var endpoint = capture.Resource.Annotations.OfType<EndpointAnnotation>().Single();
        first.Endpoints["http"] = new AllocatedEndpoint(endpoint, "127.0.0.1", 5001);
        second.Endpoints["http"] = new AllocatedEndpoint(endpoint, "127.0.0.1", 5002);

        var env1 = new Dictionary<string, string>();
        var env2 = new Dictionary<string, string>();
        InstanceEnvironment.Apply(first, env1);
        InstanceEnvironment.Apply(second, env2);

        Assert.Equal("http://127.0.0.1:5001", env1["ASPNETCORE_URLS"]);
        Assert.Equal("http://127.0.0.1:5002", env2["ASPNETCORE_URLS"]);
        Assert.Equal($"service.instance.id={first.InstanceSuffix}", env1["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal($"service.instance.id={second.InstanceSuffix}", env2["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.NotEqual(first.InstanceSuffix, second.InstanceSuffix);
        Assert.Matches("^capture-[a-z0-9]{8}$", first.Id);
    }

    [Fact]
    public async Task Endpoint_env_receives_the_port_and_is_kept_out_of_ASPNETCORE_URLS()
    {
        await using var builder = TestModel.Builder();
        var node = builder.AddExecutable("node", "node", ".").WithHttpEndpoint(env: "PORT");
        var instance = new ResourceInstance(node.Resource, 0, 1);
        instance.Endpoints["http"] = new AllocatedEndpoint(node.Resource.Annotations.OfType<EndpointAnnotation>().Single(), "127.0.0.1", 6123);

        var env = new Dictionary<string, string>();
        InstanceEnvironment.Apply(instance, env);

        Assert.Equal("6123", env["PORT"]);
        Assert.False(env.ContainsKey("ASPNETCORE_URLS"));
        Assert.False(env.ContainsKey("OTEL_RESOURCE_ATTRIBUTES"));
        Assert.Equal("node", instance.Id);
    }
}
