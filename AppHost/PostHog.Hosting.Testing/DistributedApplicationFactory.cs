namespace PostHog.Hosting.Testing;

/// <summary>
/// One running AppHost shared by a test class or collection (Aspire's DistributedApplicationFactory, used like
/// CommunityToolkit's AspireIntegrationTestFixture): derive, add xunit's IAsyncLifetime, and the inherited
/// <see cref="InitializeAsync"/>/<see cref="DisposeAsync"/> run once. Override the hooks to adjust the builder.
/// </summary>
public class DistributedApplicationFactory<TEntryPoint>(string[]? args = null) : IAsyncDisposable
    where TEntryPoint : class
{
    private DistributedApplication? _app;

    /// <summary>How long start-up may take before the fixture gives up (default 5 minutes).</summary>
    protected virtual TimeSpan StartTimeout => TimeSpan.FromMinutes(5);

    public DistributedApplication App => _app ?? throw new InvalidOperationException("InitializeAsync has not run.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<TEntryPoint>(args, timeout.Token).ConfigureAwait(false);
        OnBuilderCreated(builder);
        _app = await builder.BuildAsync(timeout.Token).ConfigureAwait(false);
        OnBuilt(_app);
        await _app.StartAsync(timeout.Token).ConfigureAwait(false);
        await OnStartedAsync(_app, timeout.Token).ConfigureAwait(false);
    }

    /// <summary>Before BuildAsync: change configuration, services or resources.</summary>
    protected virtual void OnBuilderCreated(IDistributedApplicationTestingBuilder builder)
    {
    }

    protected virtual void OnBuilt(DistributedApplication app)
    {
    }

    /// <summary>After StartAsync; e.g. wait for the resources the tests need to be healthy.</summary>
    protected virtual Task OnStartedAsync(DistributedApplication app, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
}
