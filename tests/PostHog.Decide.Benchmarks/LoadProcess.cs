using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace PostHog.Decide.Benchmarks;

/// <summary>Starts this executable again in <c>--load</c> mode (<see cref="LoadChild"/>) and collects its per-request records.</summary>
public static class LoadProcess
{
    /// <summary>Lines the load process prints around its measured phase, so the server process can measure itself over the same time.</summary>
    public const string PhaseStarts = "phase: start", PhaseEnds = "phase: end";

    public static async Task<(OpenLoopRecords Records, int ExitCode)> RunAsync(string url, string bodies, string token, double rate, TimeSpan duration, IReadOnlyList<string> extra, IReadOnlyList<string> launcher, Action<string> onPhase)
    {
        var recordsPath = Path.Combine(Path.GetTempPath(), $"decide-bench-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        var host = Environment.ProcessPath!;
        // launcher: a command prefix such as `nice -n -10` or `chrt -f 1` (the load process's scheduling).
        var start = new ProcessStartInfo(launcher.Count == 0 ? host : launcher[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (launcher.Count > 0) foreach (var argument in launcher.Skip(1).Append(host)) start.ArgumentList.Add(argument);
        // Under `dotnet <dll>` the host is dotnet itself: pass the entry assembly; the apphost runs it without.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var argument in (string[])["--load", "--url", url, "--bodies", bodies, "--token", token,
                     "--rate", rate.ToString(CultureInfo.InvariantCulture), "--seconds", duration.TotalSeconds.ToString(CultureInfo.InvariantCulture), "--records", recordsPath, .. extra])
            start.ArgumentList.Add(argument);
        // The generator allocates next to nothing per request: a workstation GC, no server GC threads on the shared
        // cores. Socket completions run on the epoll thread, not after a hop through the load process's thread pool.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        // Fully optimized code from the first call and no background re-JIT: tiering otherwise compiled a batch of
        // methods on a background thread of the (higher-priority) load process ~0.2 s into the measured phase.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        using var child = Process.Start(start)!;
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data is PhaseStarts or PhaseEnds) onPhase(line.Data);
            else if (line.Data is not null) Console.WriteLine($"    [load] {line.Data}");
        };
        child.ErrorDataReceived += (_, line) => { if (line.Data is not null) Console.Error.WriteLine($"    [load] {line.Data}"); };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        await child.WaitForExitAsync();
        try
        {
            return File.Exists(recordsPath)
                ? (OpenLoopRecords.ReadFrom(recordsPath), child.ExitCode)
                : throw new InvalidOperationException($"the load process exited with {child.ExitCode} before writing its records");
        }
        finally
        {
            File.Delete(recordsPath);
        }
    }
}
