using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Testing;
using Xunit.Abstractions;

namespace PostHog.Dashboard.Tests;

/// <summary>The whole small topology with its dashboard on random ports (the harness turns it off unless asked).</summary>
public sealed class DashboardSystemFixture() : DistributedApplicationFactory<Projects.PostHog_AppHost>(["--topology", "small"]), IAsyncLifetime
{
    public static readonly string[] Services = ["capture", "ingestion", "ingress"];

    public DashboardServer Dashboard => App.Services.GetDashboard();

    protected override void OnBuilderCreated(IDistributedApplicationTestingBuilder builder)
        => builder.Configuration[AppHostConfigurationNames.Dashboard] = "true";

    protected override async Task OnStartedAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        foreach (var service in Services)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellationToken);
        }
    }
}

/// <summary>Debian's Chromium, driven by Playwright, against the real AppHost's dashboard.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class DashboardBrowserTests(DashboardSystemFixture system, ITestOutputHelper output) : IClassFixture<DashboardSystemFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_captured_event_has_one_trace_from_capture_through_kafka_to_ingestion_and_the_pages_render()
    {
        var dashboard = system.Dashboard;
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        await CaptureEventAsync(traceId);
        var services = await WaitForTraceAsync(dashboard, traceId, ["capture", "ingestion"]);
        output.WriteLine($"trace {traceId}: {string.Join(", ", services)}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.SetDefaultTimeout(30_000);

        // The printed link logs in and lands on the resources page, which fills from the live feed.
        await page.GotoAsync(dashboard.LoginUrl.ToString());
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        await page.Locator("tr[data-name='ingestion']").WaitForAsync();
        Assert.Contains("Running", await page.Locator("tr[data-name='ingestion']").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("tr[data-name='clickhouse-s1-r1']").WaitForAsync();
        await page.Locator("tr[data-name='ingestion']").ClickAsync();
        await page.Locator("text=OTEL_SERVICE_NAME").WaitForAsync();

        // Console logs of a resource, live, with search.
        await page.GotoAsync(new Uri(dashboard.FrontendUrl, "/console/ingestion").ToString());
        await page.Locator("#out span").First.WaitForAsync();

        // The trace of the captured event: found by id, with spans of Capture and Ingestion in one waterfall.
        await page.GotoAsync(new Uri(dashboard.FrontendUrl, "/traces?q=" + traceId).ToString());
        await page.Locator($"tr[data-id='{traceId}']").ClickAsync();
        await page.WaitForURLAsync($"**/traces/{traceId}");
        await page.Locator(".span-row[data-service='capture']").First.WaitForAsync();
        await page.Locator(".span-row[data-service='ingestion']").First.WaitForAsync();
        var rows = await page.Locator(".span-row").AllInnerTextsAsync();
        output.WriteLine(string.Join('\n', rows));
        Assert.Contains(rows, r => r.Contains("send", StringComparison.Ordinal) && r.Contains("capture", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("process", StringComparison.Ordinal) && r.Contains("ingestion", StringComparison.Ordinal));
        // The batched ClickHouse write is its own trace linking this one: shown under it, INSERTs included.
        await page.Locator(".span-row:has-text('clickhouse write')").First.WaitForAsync();
        await page.Locator(".span-row:has-text('INSERT')").First.WaitForAsync();
        await page.Locator(".span-row[data-service='ingestion']").First.ClickAsync();
        await page.Locator(".span-detail").WaitForAsync();

        // Structured logs and metrics render from the services' own OTLP exports.
        await page.GotoAsync(new Uri(dashboard.FrontendUrl, "/structured?service=ingestion").ToString());
        await page.Locator("#table table tbody tr").First.WaitForAsync();
        await page.GotoAsync(new Uri(dashboard.FrontendUrl, "/metrics?service=capture").ToString());
        await page.Locator("#instruments a").First.ClickAsync();
        // Attached, not "visible": a series that stays constant (a counter at 0) draws a flat line, whose box has no height.
        var line = page.Locator("#chart svg polyline").First;
        await line.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Matches(@"^\d+(\.\d+)?,\d+(\.\d+)?( \d+(\.\d+)?,\d+(\.\d+)?)+$", await line.GetAttributeAsync("points"));

        Assert.Empty(errors);
    }

    private async Task CaptureEventAsync(string traceId)
    {
        var token = "phc_" + system.App.Model.Resources.OfType<ParameterResource>().Single(p => p.Name == "default-project-token").Value;
        using var http = new HttpClient { BaseAddress = system.App.GetEndpoint("ingress") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/i/v0/e/")
        {
            Content = new StringContent($$$"""{"api_key":"{{{token}}}","event":"dashboard test","distinct_id":"dashboard-{{{traceId}}}","properties":{}}""", Encoding.UTF8, "application/json"),
        };
        // The SDK's request carries the trace context, as an instrumented SDK (or a browser) would send it.
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"capture answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<IReadOnlyList<string>> WaitForTraceAsync(DashboardServer dashboard, string traceId, string[] services)
    {
        using var client = new HttpClient { BaseAddress = dashboard.FrontendUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dashboard.BrowserToken);
        var seen = new List<string>();
        for (var attempt = 0; attempt < 90; attempt++)
        {
            var response = await client.GetAsync($"/api/traces/{traceId}");
            if (response.IsSuccessStatusCode)
            {
                var trace = await response.Content.ReadFromJsonAsync<JsonElement>();
                seen = [.. trace.GetProperty("spans").EnumerateArray().Select(s => $"{s.GetProperty("service").GetString()}: {s.GetProperty("name").GetString()}")];
                var linked = trace.GetProperty("linkedSpans").EnumerateArray().Select(s => s.GetProperty("scope").GetString()).ToList();
                if (services.All(s => seen.Any(x => x.StartsWith(s + ":", StringComparison.Ordinal))) && linked.Contains("PostHog.ClickHouse"))
                {
                    return seen;
                }
            }

            await Task.Delay(1000);
        }

        Assert.Fail($"trace {traceId} never had spans from {string.Join(" and ", services)} plus a linked ClickHouse write; it had: {string.Join(", ", seen)}");
        return seen;
    }
}
