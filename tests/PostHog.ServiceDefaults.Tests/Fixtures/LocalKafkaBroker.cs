using System.Reflection;

namespace PostHog.ServiceDefaults.Tests.Fixtures;

/// <summary>The project's LocalKafka broker as a throw-away process on a free port.</summary>
public sealed class LocalKafkaBroker : IAsyncLifetime
{
    private ServerProcess? server;

    public int Port { get; } = FreePort.Next();

    public string BootstrapServers => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        var dll = typeof(LocalKafkaBroker).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LocalKafkaDll").Value!;
        var directory = ServerProcess.NewDirectory("localkafka-test");
        server = ServerProcess.Start(directory, "dotnet", dll, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", Path.Combine(directory, "data"), "--partitions", "1");
        await server.WaitUntilAsync(() => TcpProbe.AcceptsAsync(Port), TimeSpan.FromSeconds(30), "LocalKafka");
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        return Task.CompletedTask;
    }
}
