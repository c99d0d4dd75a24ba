using System.Diagnostics;
using System.Reflection;
using PostHog.Hosting;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.Kafka;
using PostHog.Hosting.Testing;

namespace PostHog.Capture.LoadBenchmarks;

/// <summary>
/// Our broker and the real capture service as separate processes through the test harness (random loopback ports,
/// temp state folder), capture being the dll built in this benchmark's configuration (Release), run as the AppHost runs it.
/// </summary>
public sealed class CaptureStack(IDistributedApplicationTestingBuilder builder, DistributedApplication app) : IAsyncDisposable
{
    public required string BootstrapServers { get; init; }
    public required Uri CaptureUrl { get; init; }
    public required Process Capture { get; init; }
    public required Process Broker { get; init; }
    public required string CaptureCommandLine { get; init; }

    public static async Task<CaptureStack> StartAsync(int partitions, IReadOnlyList<KeyValuePair<string, string>> captureEnvironment, CancellationToken cancellationToken)
    {
        var dll = Metadata("CaptureDll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} not built; run with -c Release (dotnet run builds it).", dll);
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.Configuration[AppHostConfigurationNames.ForwardResourceLogs] = "false";
        var kafka = builder.AddKafka("kafka", partitions: partitions);
        var capture = builder.AddProject("capture", Metadata("CaptureProject"))
            .WithAnnotation(new BuiltCapture(Metadata("CaptureProject"), dll))
            .WithReference(kafka).WaitFor(kafka)
            // A deployed capture, not the AppHost's Development default (DI scope validation, developer pages).
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithEnvironment("DOTNET_ENVIRONMENT", "Production")
            .WithHttpHealthCheck("/health");
        // Experiments without a rebuild, e.g. --capture-env DOTNET_gcServer=0.
        foreach (var (name, value) in captureEnvironment) capture.WithEnvironment(name, value);
        var app = await builder.BuildAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
            var brokerEvent = await app.ResourceNotifications.WaitForResourceHealthyAsync("kafka", cancellationToken);
            var captureEvent = await app.ResourceNotifications.WaitForResourceHealthyAsync("capture", cancellationToken);
            return new CaptureStack(builder, app)
            {
                BootstrapServers = (await app.GetConnectionStringAsync("kafka", cancellationToken))!,
                CaptureUrl = app.GetEndpoint("capture"),
                Capture = Process.GetProcessById(captureEvent.Snapshot.ProcessId!.Value),
                Broker = Process.GetProcessById(brokerEvent.Snapshot.ProcessId!.Value),
                CaptureCommandLine = captureEvent.Snapshot.CommandLine ?? "?",
            };
        }
        catch
        {
            // Leave no broker or capture running when start-up fails.
            await app.DisposeAsync();
            await builder.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await builder.DisposeAsync();
        Capture.Dispose();
        Broker.Dispose();
    }

    private static string Metadata(string key) =>
        typeof(CaptureStack).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Points the harness at the Release build instead of the newest bin/*/ dll it would pick by itself.</summary>
    private sealed class BuiltCapture(string projectPath, string targetPath) : IProjectMetadata
    {
        public string ProjectPath { get; } = projectPath;
        public string? TargetPath { get; } = targetPath;
    }
}
