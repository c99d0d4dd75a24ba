namespace PostHog.Hosting.Testing;

/// <summary>
/// Test-mode configuration, as Aspire.Hosting.Testing's: random ports for every endpoint (parallel runs don't
/// clash), resource output forwarded to ILogger, no console table, no dashboard, a private temp state folder, quick stops.
/// </summary>
internal static class TestingDefaults
{
    public static void Apply(DistributedApplicationOptions options, string stateDirectory)
    {
        var overrides = options.ConfigurationOverrides;
        overrides.TryAdd(AppHostConfigurationNames.RandomizePorts, "true");
        overrides.TryAdd(AppHostConfigurationNames.ForwardResourceLogs, "true");
        overrides.TryAdd(AppHostConfigurationNames.ConsoleReport, "false");
        overrides.TryAdd(AppHostConfigurationNames.StopTimeout, "5");
        overrides.TryAdd(AppHostConfigurationNames.StateDirectory, stateDirectory);
        overrides.TryAdd(AppHostConfigurationNames.Dashboard, "false");
    }

    public static string NewStateDirectory()
        => Path.Combine(Path.GetTempPath(), "posthog-apphost-tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..24]);
}
