using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace PostHog.LocalKafka.Tests;

/// <summary>
/// The broker as a real child process (<c>dotnet PostHog.LocalKafka.dll --port … --data-dir …</c>), the way the
/// AppHost and users run it. <see cref="Kill"/> is a SIGKILL, so restarts exercise crash recovery.
/// </summary>
public sealed class BrokerProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly string[] _extraArgs;
    private Process? _process;

    private BrokerProcess(string dataDir, int port, int httpPort, int partitions, bool ownsDataDir, string[] extraArgs)
    {
        DataDir = dataDir;
        Port = port;
        HttpPort = httpPort;
        Partitions = partitions;
        OwnsDataDir = ownsDataDir;
        _extraArgs = extraArgs;
    }

    public string DataDir { get; }
    public int Port { get; }
    public int HttpPort { get; }
    public int Partitions { get; }
    private bool OwnsDataDir { get; }
    public string BootstrapServers => $"127.0.0.1:{Port}";
    public int? ProcessId => _process?.Id;
    public bool HasExited => _process?.HasExited ?? true;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static string BrokerDll => Metadata("LocalKafkaDll");

    public static string Metadata(string key) =>
        typeof(BrokerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} missing");

    public static async Task<BrokerProcess> StartAsync(int partitions = 1, string? dataDir = null, params string[] extraArgs)
    {
        var ownsDataDir = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("localkafka-test-").FullName;
        var broker = new BrokerProcess(dataDir, FreePort(), FreePort(), partitions, ownsDataDir, extraArgs);
        await broker.StartProcessAsync();
        return broker;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartProcessAsync()
    {
        if (!File.Exists(BrokerDll)) throw new FileNotFoundException("Build AppHost/PostHog.LocalKafka first", BrokerDll);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["exec", BrokerDll, "--port", Port.ToString(), "--data-dir", DataDir,
                     "--partitions", Partitions.ToString(), "--urls", $"http://127.0.0.1:{HttpPort}", .. _extraArgs])
            info.ArgumentList.Add(arg);
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data, ready);
        process.ErrorDataReceived += (_, e) => Append(e.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"Broker exited early:\n{Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private void Append(string? line, TaskCompletionSource ready)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.StartsWith("LocalKafka listening on", StringComparison.Ordinal)) ready.TrySetResult();
    }

    /// <summary>SIGKILL: no shutdown hooks, no final flush.</summary>
    public void Kill()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Kill -9 and start again on the same port and data directory.</summary>
    public async Task RestartAsync()
    {
        Kill();
        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        if (OwnsDataDir)
        {
            try { Directory.Delete(DataDir, recursive: true); }
            catch (IOException) { await Task.Delay(200); Directory.Delete(DataDir, recursive: true); }
        }
    }
}
