using System.Diagnostics;
using PostHog.Hosting.Logging;

namespace PostHog.Hosting.Processes;

/// <summary>
/// Launches resource processes natively (Aspire's DcpExecutor hands them to DCP instead): each child runs in its own
/// session via <c>setsid</c> so one signal to the group reaches everything it spawned, its output goes to the
/// resource log, and its pid is recorded under <c>{state}/pids</c> until it is gone.
/// </summary>
public sealed class ProcessExecutor(string stateDirectory)
{
    /// <summary>Variables of the AppHost's own process that must not leak into children.</summary>
    private static readonly string[] AppHostOnlyVariables =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_LAUNCH_PROFILE",
        "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL",
    ];

    private static readonly string? SetSid = ExecutableLocator.Find("setsid");

    /// <summary>Starts the process; throws <see cref="ResourceStartException"/> with a one-line reason if it cannot.</summary>
    public RunningProcess Start(ProcessSpec spec, ResourceLogStream log, string? installHint = null)
    {
        var executable = ExecutableLocator.Find(spec.Command, spec.WorkingDirectory)
            ?? throw new ResourceStartException(installHint is null
                ? $"{spec.Command} not found (not on PATH or not executable)"
                : $"{spec.Command} not found — run: {installHint}");
        if (!Directory.Exists(spec.WorkingDirectory))
        {
            throw new ResourceStartException($"working directory {spec.WorkingDirectory} does not exist");
        }

        var info = new ProcessStartInfo
        {
            FileName = SetSid ?? executable,
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (SetSid is not null)
        {
            info.ArgumentList.Add(executable);
        }

        foreach (var arg in spec.Arguments)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in AppHostOnlyVariables)
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Write(e.Data, isError: false);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Write(e.Data, isError: true);
            }
        };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ResourceStartException($"{executable} could not be started: {e.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var startTicks = ProcessInfo.Read(process.Id)?.StartTicks ?? 0;
        var recordPath = new ProcessRecord(spec.ResourceId, process.Id, startTicks, executable).Save(stateDirectory);
        var running = new RunningProcess(process, spec.ResourceId, recordPath) { OwnsProcessGroup = SetSid is not null };
        _ = running.Exited.ContinueWith(_ => ReapGroup(running), TaskScheduler.Default);
        return running;
    }

    /// <summary>SIGTERM to the group, wait up to <paramref name="timeout"/>, then SIGKILL. Returns the exit code.</summary>
    public static async Task<int> StopAsync(RunningProcess running, TimeSpan timeout)
    {
        if (!running.HasExited)
        {
            Signal(running, PosixSignals.SigTerm);
            var exited = await Task.WhenAny(running.Exited, Task.Delay(timeout)).ConfigureAwait(false);
            if (exited != running.Exited)
            {
                Signal(running, PosixSignals.SigKill);
                try
                {
                    running.Process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }

        var code = await running.Exited.ConfigureAwait(false);
        ReapGroup(running);
        return code;
    }

    private static void Signal(RunningProcess running, int signal)
    {
        if (!running.OwnsProcessGroup || !PosixSignals.SignalGroup(running.ProcessId, signal))
        {
            PosixSignals.Signal(running.ProcessId, signal);
        }
    }

    /// <summary>Once the leader is gone nothing it spawned may stay behind; then the pid record can go.</summary>
    private static void ReapGroup(RunningProcess running)
    {
        if (running.OwnsProcessGroup)
        {
            PosixSignals.SignalGroup(running.ProcessId, PosixSignals.SigKill);
        }

        try
        {
            File.Delete(running.RecordPath);
        }
        catch (IOException)
        {
            // The next start cleans up by start time anyway.
        }
    }
}

/// <summary>A resource could not be launched; the message is the one line printed to the user.</summary>
public sealed class ResourceStartException(string message) : Exception(message);
