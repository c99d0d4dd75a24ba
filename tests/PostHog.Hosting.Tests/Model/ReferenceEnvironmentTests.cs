using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Tests.Model;

public sealed class ReferenceEnvironmentTests
{
    [Fact]
    public async Task Connection_string_reference_sets_ConnectionStrings_and_upper_case_connection_properties()
    {
        await using var builder = TestModel.Builder();
        var password = builder.AddParameter("db-password", "s3cret-value", secret: true);
        var server = builder.AddResource(new FakeServerResource("pg-main", password.Resource)).WithEndpoint(name: "tcp");
        var app = builder.AddExecutable("app", "true", ".").WithReference(server);
        TestModel.Allocate(server.Resource, 5432);

        var env = await TestModel.EnvironmentOf(app.Resource);

        Assert.Equal("Host=127.0.0.1;Port=5432;Password=s3cret-value", env["ConnectionStrings__pg-main"]);
        Assert.Equal("127.0.0.1", env["PG_MAIN_HOST"]);
        Assert.Equal("5432", env["PG_MAIN_PORT"]);
        Assert.Equal("s3cret-value", env["PG_MAIN_PASSWORD"]);
        Assert.Equal("fake://:s3cret-value@127.0.0.1:5432", env["PG_MAIN_URI"]);
        Assert.Contains(app.Resource.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Type == "Reference" && r.Resource == server.Resource);
    }

    [Fact]
    public async Task Connection_name_overrides_the_variable_and_prefix()
    {
        await using var builder = TestModel.Builder();
        var password = builder.AddParameter("pw", "x", secret: true);
        var server = builder.AddResource(new FakeServerResource("cache", password.Resource)).WithEndpoint(name: "tcp");
        var app = builder.AddExecutable("app", "true", ".").WithReference(server, connectionName: "redis");
        TestModel.Allocate(server.Resource, 6379);

        var env = await TestModel.EnvironmentOf(app.Resource);

        Assert.True(env.ContainsKey("ConnectionStrings__redis"));
        Assert.Equal("6379", env["REDIS_PORT"]);
        Assert.False(env.ContainsKey("ConnectionStrings__cache"));
    }

    [Fact]
    public async Task Project_reference_lists_every_replica_for_service_discovery_and_the_first_as_endpoint_variable()
    {
        await using var builder = TestModel.Builder();
        var capture = builder.AddProject("capture", "/src/Capture/Capture.csproj").WithReplicas(3);
        var ingress = builder.AddProject("ingress", "/src/Ingress/Ingress.csproj").WithReference(capture);
        TestModel.Allocate(capture.Resource, 41001, 41002, 41003);

        var env = await TestModel.EnvironmentOf(ingress.Resource);

        Assert.Equal("http://127.0.0.1:41001", env["services__capture__http__0"]);
        Assert.Equal("http://127.0.0.1:41002", env["services__capture__http__1"]);
        Assert.Equal("http://127.0.0.1:41003", env["services__capture__http__2"]);
        Assert.False(env.ContainsKey("services__capture__http__3"));
        Assert.Equal("http://127.0.0.1:41001", env["CAPTURE_HTTP"]);
    }

    [Fact]
    public async Task Endpoint_reference_sets_one_service_variable_and_the_url_variable()
    {
        await using var builder = TestModel.Builder();
        var web = builder.AddProject("web", "/src/Web/Web.csproj").WithHttpEndpoint(name: "admin");
        var app = builder.AddExecutable("app", "true", ".").WithReference(web.GetEndpoint("admin"));
        TestModel.Allocate(web.Resource, 42000);

        var env = await TestModel.EnvironmentOf(app.Resource);

        Assert.Equal("http://127.0.0.1:42000", env["services__web__admin__0"]);
        Assert.Equal("http://127.0.0.1:42000", env["WEB_ADMIN"]);
        Assert.False(env.ContainsKey("services__web__http__0"));
    }

    [Fact]
    public async Task Publish_mode_renders_manifest_placeholders()
    {
        await using var builder = TestModel.Builder();
        var password = builder.AddParameter("pg-password", secret: true);
        var server = builder.AddResource(new FakeServerResource("postgres", password.Resource)).WithEndpoint(name: "tcp");
        var capture = builder.AddProject("capture", "/src/Capture/Capture.csproj");
        var app = builder.AddProject("app", "/src/App/App.csproj").WithReference(server).WithReference(capture);

        var env = await TestModel.EnvironmentOf(app.Resource, TestModel.Publish);

        Assert.Equal("Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};Password={pg-password.value}", env["ConnectionStrings__postgres"]);
        Assert.Equal("{capture.bindings.http.url}", env["services__capture__http__0"]);
        Assert.Equal("{capture.bindings.http.url}", env["CAPTURE_HTTP"]);
    }
}
