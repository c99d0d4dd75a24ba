using System.Net.Sockets;
using System.Reflection;

namespace PostHog.Ingestion.Tests.Fixtures;

/// <summary>The project's broker (AppHost/PostHog.LocalKafka) as a real child process on a free port and a temp data dir.</summary>
public sealed class KafkaBroker : IDisposable
{
    private readonly ChildProcess process;
    private readonly string directory;

    private KafkaBroker(ChildProcess process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        BootstrapServers = $"127.0.0.1:{port}";
    }

    public string BootstrapServers { get; }

    private static string BrokerDll => typeof(KafkaBroker).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "LocalKafkaDll").Value!;

    public static async Task<KafkaBroker> StartAsync()
    {
        if (!File.Exists(BrokerDll)) throw new FileNotFoundException("Build AppHost/PostHog.LocalKafka first", BrokerDll);
        var directory = ChildProcess.NewDirectory("ingestion-kafka");
        var port = ChildProcess.FreePort();
        var process = ChildProcess.Start("dotnet", ["exec", BrokerDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", directory,
            "--urls", $"http://127.0.0.1:{ChildProcess.FreePort()}"]);
        var broker = new KafkaBroker(process, directory, port);
        await process.WaitUntilAsync(async () =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }, TimeSpan.FromSeconds(60), "kafka");
        return broker;
    }

    public void Dispose()
    {
        process.Dispose();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
