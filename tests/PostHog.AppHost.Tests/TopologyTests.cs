using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Testing;

namespace PostHog.AppHost.Tests;

[Collection(AppHostCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class TopologyTests(AppHostFixture fixture)
{
    private DistributedApplication App => fixture.App;

    [Fact]
    public void Every_resource_is_running_and_healthy()
    {
        var notHealthy = App.ResourceNotifications.GetCurrent()
            .Where(e => e.Resource is not ParameterResource && e.Resource.Name != "migrations")
            .Where(e => e.Snapshot.State != KnownResourceStates.Running || e.Snapshot.HealthStatus is not (HealthStatus.Healthy or null))
            .Select(e => $"{e.ResourceId}: {e.Snapshot.State} {e.Snapshot.HealthStatus} {e.Snapshot.Message}")
            .ToList();

        Assert.Empty(notHealthy);
        var migrations = App.ResourceNotifications.GetCurrent().Single(e => e.Resource.Name == "migrations").Snapshot;
        Assert.Equal(KnownResourceStates.Finished, migrations.State);
        Assert.Equal(0, migrations.ExitCode);
        Assert.Contains(App.ResourceNotifications.GetCurrent(), e => e.Resource.Name == "clickhouse-s1-r1");
        Assert.Contains(App.ResourceNotifications.GetCurrent(), e => e.Resource.Name == "zookeeper-1");
    }

    [Fact]
    public void Services_get_the_Aspire_named_variables()
    {
        var web = Environment("web");
        Assert.Matches(@"^Host=127\.0\.0\.1;Port=\d+;Username=postgres;Password=\*\*\*;Database=posthog$", web["ConnectionStrings__posthog"]);
        Assert.StartsWith("Host=127.0.0.1;Port=", web["ConnectionStrings__posthogdb"], StringComparison.Ordinal);
        Assert.StartsWith("Endpoint=http://127.0.0.1:", web["ConnectionStrings__clickhouse"], StringComparison.Ordinal);
        Assert.StartsWith("127.0.0.1:", web["ConnectionStrings__redis"], StringComparison.Ordinal);
        Assert.Equal("web", web["OTEL_SERVICE_NAME"]);
        Assert.StartsWith("service.instance.id=", web["OTEL_RESOURCE_ATTRIBUTES"], StringComparison.Ordinal);
        Assert.Equal(App.GetEndpoint("web").ToString().TrimEnd('/'), web["ASPNETCORE_URLS"]);
        Assert.Equal("Development", web["ASPNETCORE_ENVIRONMENT"]);

        var capture = Environment("capture", replica: 1);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", capture["ConnectionStrings__kafka"]);
        Assert.Equal("127.0.0.1", capture["KAFKA_HOST"]);

        var ingress = Environment("ingress");
        foreach (var service in new[] { "decide", "web" })
        {
            Assert.Equal(App.GetEndpoint(service).ToString().TrimEnd('/'), ingress[$"services__{service}__http__0"]);
            Assert.Equal(App.GetEndpoint(service).ToString().TrimEnd('/'), ingress[$"{service.ToUpperInvariant()}_HTTP"]);
        }
    }

    [Fact]
    public async Task Connection_strings_are_available_to_tests_unmasked()
    {
        var connectionString = await App.GetConnectionStringAsync("posthog");

        Assert.NotNull(connectionString);
        Assert.DoesNotContain("***", connectionString, StringComparison.Ordinal);
        Assert.Contains("Database=posthog", connectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/e/", "capture")]
    [InlineData("/batch/", "capture")]
    [InlineData("/flags/?v=2", "decide")]
    [InlineData("/", "web")]
    public async Task Ingress_routes_each_path_to_its_service(string path, string service)
    {
        using var viaIngress = App.CreateHttpClient("ingress");
        using var direct = App.CreateHttpClient(service);

        using var routed = await viaIngress.GetAsync(path);
        using var expected = await direct.GetAsync(path);

        Assert.Equal(expected.StatusCode, routed.StatusCode);
        Assert.Equal(expected.Content.Headers.ContentType?.MediaType, routed.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Replicas_each_have_their_own_port_and_instance_id_and_are_all_discovered()
    {
        var replicas = App.ResourceNotifications.GetInstances("capture");
        Assert.Equal(2, replicas.Count);
        Assert.All(replicas, r => Assert.Equal(HealthStatus.Healthy, r.Snapshot.HealthStatus));
        Assert.All(replicas, r => Assert.Matches("^capture-[a-z0-9]{8}$", r.ResourceId));

        var urls = replicas.Select(r => Environment("capture", r.Snapshot.ReplicaIndex)["ASPNETCORE_URLS"]).ToList();
        var ids = replicas.Select(r => Environment("capture", r.Snapshot.ReplicaIndex)["OTEL_RESOURCE_ATTRIBUTES"]).ToList();
        Assert.Equal(2, urls.Distinct().Count());
        Assert.Equal(2, ids.Distinct().Count());

        var ingress = Environment("ingress");
        Assert.Equal(urls, [ingress["services__capture__http__0"], ingress["services__capture__http__1"]]);
        Assert.Equal(urls[0], ingress["CAPTURE_HTTP"]);
    }

    private Dictionary<string, string> Environment(string resource, int replica = 0)
        => App.ResourceNotifications.GetInstances(resource).Single(i => i.Snapshot.ReplicaIndex == replica)
            .Snapshot.EnvironmentVariables.ToDictionary(e => e.Key, e => e.Value);
}
