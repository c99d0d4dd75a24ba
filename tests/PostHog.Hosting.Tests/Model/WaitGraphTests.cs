using PostHog.Hosting.Orchestration;

namespace PostHog.Hosting.Tests.Model;

public sealed class WaitGraphTests
{
    [Fact]
    public async Task A_wait_cycle_is_reported_with_its_path()
    {
        await using var builder = TestModel.Builder();
        var a = builder.AddExecutable("a", "true", ".");
        var b = builder.AddExecutable("b", "true", ".");
        var c = builder.AddExecutable("c", "true", ".");
        a.WaitFor(b);
        b.WaitFor(c);
        c.WaitFor(a);

        var error = Assert.Throws<DistributedApplicationException>(() => WaitGraph.Validate(builder.Resources));
        Assert.Contains("WaitFor cycle: a → b → c → a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_refuses_a_cycle()
    {
        await using var builder = TestModel.Builder();
        var a = builder.AddExecutable("a", "true", ".");
        var b = builder.AddExecutable("b", "true", ".");
        a.WaitFor(b);
        b.WaitForStart(a);

        Assert.Throws<DistributedApplicationException>(() => builder.Build());
    }

    [Fact]
    public async Task Waiting_for_a_resource_outside_the_model_is_an_error()
    {
        await using var builder = TestModel.Builder();
        await using var other = TestModel.Builder();
        var outside = other.AddExecutable("outside", "true", ".");
        builder.AddExecutable("a", "true", ".").WaitFor(outside);

        var error = Assert.Throws<DistributedApplicationException>(() => WaitGraph.Validate(builder.Resources));
        Assert.Contains("not part of the app model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_cannot_wait_for_itself()
    {
        await using var builder = TestModel.Builder();
        var a = builder.AddExecutable("a", "true", ".");

        Assert.Throws<InvalidOperationException>(() => a.WaitFor(a));
    }

    [Fact]
    public async Task Stop_waves_put_dependents_before_dependencies()
    {
        await using var builder = TestModel.Builder();
        var postgres = builder.AddExecutable("postgres", "true", ".");
        var pgbouncer = builder.AddExecutable("pgbouncer", "true", ".").WaitFor(postgres);
        var web = builder.AddProject("web", "/src/Web/Web.csproj").WaitFor(pgbouncer);
        var ingress = builder.AddProject("ingress", "/src/Ingress/Ingress.csproj").WithReference(web);

        var waves = WaitGraph.StopWaves([.. builder.Resources]).Select(w => w.Select(r => r.Name).Single()).ToList();

        Assert.Equal(["ingress", "web", "pgbouncer", "postgres"], waves);
    }

    [Fact]
    public async Task Nodes_of_a_cluster_stop_together_after_the_services_using_the_cluster()
    {
        await using var builder = TestModel.Builder();
        var cluster = builder.AddResource(new LogicalResource("clickhouse"));
        var zookeeper = builder.AddExecutable("zookeeper", "true", ".");
        foreach (var name in new[] { "clickhouse-s1-r1", "clickhouse-s1-r2" })
        {
            builder.AddExecutable(name, "true", ".").WithParentRelationship(cluster.Resource).WaitFor(zookeeper);
        }

        builder.AddProject("web", "/src/Web/Web.csproj").WaitFor(cluster);

        var waves = WaitGraph.StopWaves([.. builder.Resources.Where(ResourceHierarchy.IsLaunchable)])
            .Select(w => string.Join(",", w.Select(r => r.Name).Order())).ToList();

        Assert.Equal(["web", "clickhouse-s1-r1,clickhouse-s1-r2", "zookeeper"], waves);
    }

    private sealed class LogicalResource(string name) : PostHog.Hosting.ApplicationModel.Resource(name), PostHog.Hosting.ApplicationModel.IResourceWithWaitSupport;
}
