using Npgsql;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Testing;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.EndToEnd.Tests;

/// <summary>
/// The whole system (AppHost, small topology: 1x1 ClickHouse, one ZooKeeper) started once for every test of the
/// <see cref="SystemCollection"/>: random ports, a temp state folder, every service healthy before the first test.
/// Tests talk to it the way users do — SDKs against <see cref="IngressUrl"/> — and check what landed in ClickHouse
/// (<see cref="ClickHouse"/>) and Postgres (<see cref="OpenPostgresAsync"/>). See README.md for the API.
/// </summary>
public sealed partial class SystemFixture() : DistributedApplicationFactory<Projects.PostHog_AppHost>(["--topology", "small"]), IAsyncLifetime
{
    /// <summary>The services that must be healthy before tests run (backing servers are waited for by them).</summary>
    public static readonly string[] Services = ["capture", "decide", "ingestion", "worker", "web", "ingress"];

    private readonly SemaphoreSlim browserLock = new(1, 1);
    private HeadlessChromium? browser;
    private PostHogJsSite? site;
    private NpgsqlDataSource? postgres;
    private ClickHouseQueries? clickHouse;

    /// <summary>The one public entry point (YARP ingress), e.g. <c>http://127.0.0.1:41234</c> (no trailing slash): SDKs' host / api_host.</summary>
    public string IngressUrl { get; private set; } = string.Empty;

    /// <summary>The default project's token, <c>phc_…</c> (public; what SDKs are initialised with).</summary>
    public string ProjectToken { get; private set; } = string.Empty;

    /// <summary>The default user's personal API key, <c>phx_…</c> (secret; REST API and SDK local evaluation).</summary>
    public string PersonalApiKey { get; private set; } = string.Empty;

    /// <summary>The default project's team id (the <c>team_id</c> column of every ClickHouse table).</summary>
    public long TeamId { get; private set; }

    /// <summary>Queries and bounded polling against the system's ClickHouse (database <c>default</c>).</summary>
    public ClickHouseQueries ClickHouse => clickHouse ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Runs the scripts in <c>sdk/</c> (posthog-node and friends) with node.</summary>
    public NodeScripts Node { get; } = new();

    /// <summary>
    /// Runs posthog-node (<c>sdk/posthog-node.mjs</c>) against the ingress with the default project's token: the calls
    /// in order, then shutdown (flush). Asserts the script succeeded (every request 2xx, no SDK error) and returns its
    /// report (<c>{"calls", "requests", "errors"}</c>). <paramref name="options"/> are extra PostHog constructor options.
    /// </summary>
    public async Task<System.Text.Json.JsonElement> RunPostHogNodeAsync(IEnumerable<PostHogNode.Call> calls, object? options = null, TimeSpan? timeout = null)
    {
        var result = await Node.RunAsync("posthog-node.mjs", [PostHogNode.Plan(IngressUrl, ProjectToken, calls, options)], timeout: timeout);
        return result.EnsureSuccess();
    }

    /// <summary>An open connection to the app database <c>posthog</c> (direct, not through PgBouncer); dispose it.</summary>
    public async Task<NpgsqlConnection> OpenPostgresAsync(CancellationToken cancellationToken = default)
        => await (postgres ?? throw new InvalidOperationException("The fixture has not started.")).OpenConnectionAsync(cancellationToken);

    /// <summary>The shared headless Debian Chromium, launched on first use and closed with the fixture.</summary>
    public async Task<HeadlessChromium> GetBrowserAsync()
    {
        await browserLock.WaitAsync();
        try
        {
            return browser ??= await HeadlessChromium.LaunchAsync();
        }
        finally
        {
            browserLock.Release();
        }
    }

    /// <summary>The shared website embedding posthog-js (token and api_host = this system), started on first use.</summary>
    public async Task<PostHogJsSite> GetSiteAsync()
    {
        await browserLock.WaitAsync();
        try
        {
            return site ??= await PostHogJsSite.StartAsync(Node.Directory, ProjectToken, IngressUrl);
        }
        finally
        {
            browserLock.Release();
        }
    }

    /// <summary>
    /// A new visitor (fresh browser context) on a page of <see cref="GetSiteAsync"/>, returned once posthog-js has
    /// loaded (its initial $pageview is already on its way). <paramref name="initOptionsJson"/> is merged over the
    /// page's init options. Dispose the visit to close its context.
    /// </summary>
    public async Task<BrowserVisit> VisitAsync(string path = "/", string? initOptionsJson = null)
    {
        var chromium = await GetBrowserAsync();
        var pages = await GetSiteAsync();
        var visit = await chromium.NewVisitAsync();
        try
        {
            var response = await visit.Page.GotoAsync(pages.PageUrl(path, initOptionsJson));
            Assert.True(response?.Ok == true, $"The test page answered {response?.Status}.\n{visit.Log}");
            await visit.Page.WaitForFunctionAsync("() => window.posthogLoaded === true", null, new() { Timeout = 60_000 });
            return visit;
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            var log = visit.Log;
            await visit.DisposeAsync();
            throw new InvalidOperationException($"posthog-js did not load on the test page: {e.Message}\nbrowser log:\n{log}", e);
        }
    }

    /// <summary>
    /// The last log entries of a resource (e.g. "ingestion", "capture"), for failure messages: colours stripped and
    /// health-check chatter left out.
    /// </summary>
    public string LogTail(string resource, int entries = 25)
    {
        var folder = Path.Combine(App.Builder.StateDirectory, resource, "logs");
        if (!Directory.Exists(folder))
        {
            return $"(no log folder {folder})";
        }

        return string.Join('\n', Directory.GetFiles(folder, "*.log")
            .Where(file => !file.EndsWith(".previous.log", StringComparison.Ordinal))
            .Select(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var text = AnsiColour().Replace(new StreamReader(stream).ReadToEnd(), string.Empty);
                // An entry is a line that starts in column 0 plus its indented continuation lines.
                var logEntries = new List<string>();
                foreach (var line in text.Split('\n'))
                {
                    if (logEntries.Count > 0 && line.StartsWith(' '))
                    {
                        logEntries[^1] += "\n" + line;
                    }
                    else if (line.Length > 0)
                    {
                        logEntries.Add(line);
                    }
                }

                var kept = logEntries.Where(e => !e.Contains("/health", StringComparison.Ordinal) && !e.Contains("Health checks", StringComparison.Ordinal)
                    && !e.Contains("SELECT 1", StringComparison.Ordinal)).TakeLast(entries);
                return $"--- {resource}: {Path.GetFileName(file)} (last {entries} entries, health checks left out)\n{string.Join('\n', kept)}";
            }));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial System.Text.RegularExpressions.Regex AnsiColour();

    protected override async Task OnStartedAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        foreach (var service in Services)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellationToken);
        }

        IngressUrl = app.GetEndpoint("ingress").ToString().TrimEnd('/');
        ProjectToken = "phc_" + Parameter(app, "default-project-token");
        PersonalApiKey = "phx_" + Parameter(app, "default-personal-api-key");

        postgres = NpgsqlDataSource.Create((await app.GetConnectionStringAsync("posthog", cancellationToken))!);
        await using (var connection = await postgres.OpenConnectionAsync(cancellationToken))
        await using (var team = new NpgsqlCommand("SELECT id FROM posthog_team WHERE api_token = @token", connection))
        {
            team.Parameters.AddWithValue("token", ProjectToken);
            TeamId = await team.ExecuteScalarAsync(cancellationToken) is long id
                ? id
                : throw new InvalidOperationException($"No posthog_team has the generated token {ProjectToken}: the migrations job did not seed it.");
        }

        var clickHouseConnection = ClickHouseConnectionString.Parse((await app.GetConnectionStringAsync("clickhouse", cancellationToken))!);
        clickHouse = new ClickHouseQueries(new ClickHouseClient(clickHouseConnection), TeamId, this);
    }

    private static string Parameter(DistributedApplication app, string name)
        => app.Model.Resources.OfType<ParameterResource>().SingleOrDefault(p => p.Name == name)?.Value
            ?? throw new InvalidOperationException($"The AppHost has no parameter '{name}'.");

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        if (site is not null)
        {
            await site.DisposeAsync();
        }

        clickHouse?.Dispose();
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        browserLock.Dispose();
        await DisposeAsync();
    }
}

/// <summary>Put <c>[Collection(SystemCollection.Name)]</c> on a test class to share the one running system.</summary>
[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "EndToEnd";
}
