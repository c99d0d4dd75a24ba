using System.Diagnostics;
using System.Text;

namespace PostHog.LocalKafka.Tests;

/// <summary>Runs a real client binary (kcat, node, /usr/bin/python3) with a time limit and captures its output.</summary>
public static class ExternalCommand
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null,
        TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null) await process.StandardInput.WriteAsync(standardInput);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new Result(-1, await stdout, await stderr + $"\n(timed out after {timeout ?? TimeSpan.FromSeconds(60)})");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static string Lines(int count, string prefix) =>
        new StringBuilder().AppendJoin('\n', Enumerable.Range(0, count).Select(i => $"{prefix}{i}")).Append('\n').ToString();
}
