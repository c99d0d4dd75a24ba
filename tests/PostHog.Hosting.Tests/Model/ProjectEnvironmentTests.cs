using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Tests.Model;

public sealed class ProjectEnvironmentTests
{
    [Fact]
    public async Task Project_gets_Aspire_run_mode_defaults_without_otlp_exporter_when_no_dashboard()
    {
        await using var builder = TestModel.Builder();
        var capture = builder.AddProject("capture", "/src/Capture/Capture.csproj");

        var env = await TestModel.EnvironmentOf(capture.Resource);

        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("Development", env["DOTNET_ENVIRONMENT"]);
        Assert.Equal("capture", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("simple", env["LOGGING__CONSOLE__FORMATTERNAME"]);
        Assert.Equal("true", env["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"]);
        Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_METRIC_EXPORT_INTERVAL"]);
        Assert.Equal("always_on", env["OTEL_TRACES_SAMPLER"]);
        Assert.Equal("in_memory", env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"]);
        Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_PROTOCOL"));
    }

    [Fact]
    public async Task Dashboard_grpc_endpoint_and_api_key_become_otlp_exporter_variables()
    {
        await using var builder = TestModel.Builder();
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:18889";
        builder.Configuration["AppHost:OtlpApiKey"] = "key123";
        var capture = builder.AddProject("capture", "/src/Capture/Capture.csproj");

        var env = await TestModel.EnvironmentOf(capture.Resource);

        Assert.Equal("http://127.0.0.1:18889", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("x-otlp-api-key=key123", env["OTEL_EXPORTER_OTLP_HEADERS"]);
    }

    [Fact]
    public async Task Dashboard_http_endpoint_alone_selects_http_protobuf()
    {
        await using var builder = TestModel.Builder();
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://127.0.0.1:18890";
        var capture = builder.AddProject("capture", "/src/Capture/Capture.csproj");

        var env = await TestModel.EnvironmentOf(capture.Resource);

        Assert.Equal("http://127.0.0.1:18890", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_HEADERS"));
    }

    [Fact]
    public async Task User_environment_overrides_a_default()
    {
        await using var builder = TestModel.Builder();
        var capture = builder.AddProject("capture", "/src/Capture/Capture.csproj").WithEnvironment("ASPNETCORE_ENVIRONMENT", "Staging");

        var env = await TestModel.EnvironmentOf(capture.Resource);

        Assert.Equal("Staging", env["ASPNETCORE_ENVIRONMENT"]);
    }

    [Fact]
    public async Task Executables_get_no_otel_variables()
    {
        await using var builder = TestModel.Builder();
        var redis = builder.AddExecutable("redis", "redis-server", ".");

        var env = await TestModel.EnvironmentOf(redis.Resource);

        Assert.DoesNotContain(env.Keys, k => k.StartsWith("OTEL_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Project_has_a_default_http_endpoint_that_WithHttpEndpoint_replaces()
    {
        await using var builder = TestModel.Builder();
        var ingress = builder.AddProject("ingress", "/src/Ingress/Ingress.csproj").WithHttpEndpoint(port: 8000);

        var endpoint = Assert.Single(ingress.Resource.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal("http", endpoint.Name);
        Assert.Equal(8000, endpoint.Port);
    }
}
