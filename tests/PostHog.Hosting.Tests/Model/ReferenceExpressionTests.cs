using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Tests.Model;

public sealed class ReferenceExpressionTests
{
    [Fact]
    public async Task Run_value_resolves_holes_and_manifest_expression_uses_placeholders()
    {
        await using var builder = TestModel.Builder();
        var password = builder.AddParameter("redis-password", "pw-123456", secret: true);
        var redis = builder.AddExecutable("redis", "redis-server", ".").WithEndpoint(name: "tcp", scheme: "tcp");
        var endpoint = redis.GetEndpoint("tcp");
        TestModel.Allocate(redis.Resource, 6380);

        var expression = ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)},password={password.Resource},db={3}");

        Assert.Equal("127.0.0.1:6380,password=pw-123456,db=3", await expression.GetValueAsync());
        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port},password={redis-password.value},db=3", expression.ValueExpression);
        Assert.Equal(2, expression.ValueProviders.Count);
    }

    [Fact]
    public async Task Endpoint_url_before_allocation_is_a_clear_error()
    {
        await using var builder = TestModel.Builder();
        var web = builder.AddProject("web", "/src/Web/Web.csproj");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await web.GetEndpoint("http").GetValueAsync());
        Assert.Contains("no allocated port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_parameter_says_how_to_set_it()
    {
        await using var builder = TestModel.Builder();
        var parameter = builder.AddParameter("api-key", secret: true);

        var error = Assert.Throws<DistributedApplicationException>(() => parameter.Resource.Value);
        Assert.Contains("Parameters:api-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameter_value_comes_from_configuration()
    {
        await using var builder = TestModel.Builder("--Parameters:region=eu");
        var parameter = builder.AddParameter("region");

        Assert.Equal("eu", parameter.Resource.Value);
    }

    [Fact]
    public async Task Generated_parameter_is_persisted_in_the_state_folder_and_reused()
    {
        await using var builder = TestModel.Builder();
        var first = builder.AddGeneratedParameter("pg-password").Resource.Value;

        await using var again = TestModel.Builder($"--AppHost:StateDirectory={builder.StateDirectory}");
        var second = again.AddGeneratedParameter("pg-password").Resource.Value;

        Assert.Equal(22, first.Length);
        Assert.Equal(first, second);
        Assert.True(File.Exists(Path.Combine(builder.StateDirectory, "parameters", "pg-password")));
        Directory.Delete(builder.StateDirectory, recursive: true);
    }

    [Fact]
    public async Task Connection_string_resource_reads_ConnectionStrings_configuration()
    {
        await using var builder = TestModel.Builder("--ConnectionStrings:external=Host=db.example;Port=5432");
        var external = builder.AddConnectionString("external");
        var app = builder.AddExecutable("app", "true", ".").WithReference(external);

        var env = await TestModel.EnvironmentOf(app.Resource);

        Assert.Equal("Host=db.example;Port=5432", env["ConnectionStrings__external"]);
    }
}
