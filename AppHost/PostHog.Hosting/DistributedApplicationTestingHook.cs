namespace PostHog.Hosting;

/// <summary>
/// Lets the testing harness run an AppHost's Main and take its builder at <c>Build()</c> (Aspire intercepts the same
/// way). Scoped to the async flow that runs Main, so parallel tests don't see each other's hooks.
/// </summary>
public sealed partial class DistributedApplication
{
    private static readonly AsyncLocal<DistributedApplicationTestingHook?> Hook = new();

    internal static DistributedApplicationTestingHook? TestingHook
    {
        get => Hook.Value;
        set => Hook.Value = value;
    }
}

internal sealed class DistributedApplicationTestingHook
{
    private readonly TaskCompletionSource<DistributedApplicationBuilder> _captured = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Action<DistributedApplicationOptions>? ConfigureOptions { get; init; }

    public Action<DistributedApplicationBuilder>? OnBuilderCreated { get; init; }

    /// <summary>True while the harness itself builds, so Build() really builds.</summary>
    public bool Building { get; set; }

    public Task<DistributedApplicationBuilder> Captured => _captured.Task;

    public void Capture(DistributedApplicationBuilder builder) => _captured.TrySetResult(builder);

    public void Fail(Exception error) => _captured.TrySetException(error);
}
