using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Testing;

namespace PostHog.AppHost.Tests;

/// <summary>
/// The real topology (small: 1x1 ClickHouse, one ZooKeeper), started once for every test in the "AppHost" collection
/// through the testing harness: random ports, a temp state folder, resource output in the test log.
/// </summary>
public sealed class AppHostFixture() : DistributedApplicationFactory<Projects.PostHog_AppHost>(["--topology", "small"]), IAsyncLifetime
{
    public static readonly string[] Services = ["capture", "decide", "ingestion", "worker", "web", "ingress"];

    /// <summary>Capture runs as two replicas here, to show replicas end to end (own ports, ids, discovery entries).</summary>
    protected override void OnBuilderCreated(IDistributedApplicationTestingBuilder builder)
    {
        var capture = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "capture");
        builder.CreateResourceBuilder(capture).WithReplicas(2);
    }

    protected override async Task OnStartedAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        foreach (var service in Services)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellationToken);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
