using Microsoft.Playwright;

namespace PostHog.EndToEnd.Tests;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>) driven by Microsoft.Playwright. Playwright's own browser
/// download is never used (no network): <see cref="ExecutablePath"/> is always given.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (bash eng/setup.sh --tests does).");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                // No sandbox: tests run as root in CI; the rest keeps Chromium from calling home or using a GPU.
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh context (own cookies and storage: a new visitor) with console messages collected for failure messages.</summary>
    public async Task<BrowserVisit> NewVisitAsync()
    {
        var context = await Browser.NewContextAsync();
        // Playwright does not report sendBeacon requests (posthog-js flushes with them on unload): log them to the console.
        await context.AddInitScriptAsync("""
            (() => {
              const send = navigator.sendBeacon.bind(navigator);
              navigator.sendBeacon = (url, data) => {
                const queued = send(url, data);
                console.debug(`sendBeacon ${url} queued=${queued}`);
                return queued;
              };
            })();
            """);
        // Generous: a loaded 2-core CI machine can take many seconds to parse posthog-js (750 kB).
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        return new BrowserVisit(context, page);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright.Dispose();
    }
}

/// <summary>One visitor: a browser context and its page, with the console and failed requests recorded.</summary>
public sealed class BrowserVisit : IAsyncDisposable
{
    private readonly List<string> log = [];
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

    public BrowserVisit(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) => Record($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => Record($"page error: {error}");
        page.RequestFailed += (_, request) => Record($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.Request += (_, request) => Record($"request {request.Method} {request.Url} ({request.ResourceType})");
        page.Response += (_, response) => Record($"{response.Request.Method} {response.Url} -> {response.Status}");
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Console lines, page errors and every response seen so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return string.Join('\n', log);
            }
        }
    }

    private void Record(string line)
    {
        lock (log)
        {
            log.Add($"{clock.Elapsed.TotalSeconds,6:0.00}s {line}");
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
