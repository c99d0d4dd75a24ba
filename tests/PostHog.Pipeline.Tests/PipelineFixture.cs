using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Orchestration;
using PostHog.Hosting.Testing;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Pipeline.Tests;

/// <summary>
/// The real AppHost, small topology but 1 shard × 2 ClickHouse replicas so a replica can die: capture, ingestion and
/// their backing servers healthy, plus what the tests need to drive and check them.
/// </summary>
public sealed class PipelineFixture()
    : DistributedApplicationFactory<Projects.PostHog_AppHost>(["--topology", "small", "--Topology:ClickHouseReplicas=2"]), IAsyncLifetime
{
    private ClickHouseClient? clickHouse;

    protected override TimeSpan StartTimeout => TimeSpan.FromMinutes(8);

    public string Token { get; private set; } = "";

    public ClickHouseClient ClickHouse => clickHouse ?? throw new InvalidOperationException("not started");

    public ResourceCommandService Commands => App.ResourceCommands;

    public ResourceNotificationService Notifications => App.ResourceNotifications;

    public HttpClient CreateCaptureClient() => App.CreateHttpClient("capture");

    protected override async Task OnStartedAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        foreach (var resource in new[] { "clickhouse", "kafka", "capture", "ingestion" })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }

        var parameter = app.Model.Resources.OfType<ParameterResource>().Single(p => p.Name == "default-project-token");
        Token = "phc_" + parameter.Value;
        clickHouse = new ClickHouseClient(ClickHouseConnectionString.Parse((await app.GetConnectionStringAsync("clickhouse", cancellationToken))!));
    }

    /// <summary>Events of one test (its distinct id prefix), each uuid counted once, as a query counts them.</summary>
    public async Task<long> CountAsync(string prefix) =>
        long.Parse((await ClickHouse.QueryScalarAsync(
            $"SELECT count() FROM events FINAL WHERE event = 'fault' AND startsWith(distinct_id, {ClickHouseLiteral.String(prefix)})"))!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Distinct uuids of one test's events, however many copies are stored.</summary>
    public async Task<long> UniqueAsync(string prefix) =>
        long.Parse((await ClickHouse.QueryScalarAsync(
            $"SELECT uniqExact(uuid) FROM events WHERE event = 'fault' AND startsWith(distinct_id, {ClickHouseLiteral.String(prefix)})"))!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Polls until the test's events are all queryable, failing with the last count after <paramref name="timeout"/>.</summary>
    public async Task WaitForCountAsync(string prefix, long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long last = -1;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await CountAsync(prefix);
                if (last >= expected) return;
            }
            catch (Exception e) when (e is ClickHouseException or HttpRequestException)
            {
                // A node that is down answers nothing; the next poll tries again.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{prefix}: {last} of {expected} events queryable after {timeout}");
    }

    public new async Task DisposeAsync()
    {
        clickHouse?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "Pipeline";
}
