using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace PostHog.Capture.Tests;

/// <summary>AppHost/PostHog.LocalKafka as a child process on a free port, for the Integration tests.</summary>
public sealed class LocalKafkaBroker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;

    private LocalKafkaBroker(Process process, string dataDir, int port)
    {
        _process = process;
        _dataDir = dataDir;
        BootstrapServers = $"127.0.0.1:{port}";
    }

    public string BootstrapServers { get; }

    public static async Task<LocalKafkaBroker> StartAsync()
    {
        var dll = typeof(LocalKafkaBroker).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "LocalKafkaDll").Value!;
        var dataDir = Directory.CreateTempSubdirectory("capture-kafka-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["exec", dll, "--port", port.ToString(), "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{FreePort()}"])
            info.ArgumentList.Add(arg);
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("LocalKafka listening on", StringComparison.Ordinal) == true) ready.TrySetResult(); };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("LocalKafka exited early"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var broker = new LocalKafkaBroker(process, dataDir, port);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return broker;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        Directory.Delete(_dataDir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
