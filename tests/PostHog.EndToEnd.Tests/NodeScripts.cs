using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace PostHog.EndToEnd.Tests;

/// <summary>
/// Runs the ES-module scripts in <c>sdk/</c> with node, where <c>npm ci</c> installed the pinned PostHog SDKs
/// (package-lock.json; eng/setup.sh --tests runs it, and <see cref="RunAsync"/> does it once if node_modules is missing).
/// A script reports by printing one JSON value as its last line of stdout; see <see cref="NodeScriptResult.Json"/>.
/// </summary>
public sealed class NodeScripts
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>The folder holding package.json, the scripts and node_modules.</summary>
    public string Directory { get; } = typeof(NodeScripts).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SdkDirectory").Value!;

    /// <summary>
    /// <c>node &lt;script&gt; &lt;arguments…&gt;</c> in <see cref="Directory"/>, with extra environment variables; killed
    /// (whole process tree) after <paramref name="timeout"/> (default 60 s). Never throws for a failing script: call
    /// <see cref="NodeScriptResult.EnsureSuccess"/> or assert on the result, whose ToString() has all the output.
    /// </summary>
    public async Task<NodeScriptResult> RunAsync(string script, IEnumerable<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        await EnsureInstalledAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(limit);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return new NodeScriptResult(script, timedOut ? -1 : process.ExitCode, await stdout, await stderr + (timedOut ? $"\n(killed after {limit.TotalSeconds:0} s)" : string.Empty), clock.Elapsed);
    }

    private async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "posthog-node")))
            {
                return;
            }

            var info = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            {
                WorkingDirectory = Directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var npm = Process.Start(info)!;
            var output = npm.StandardOutput.ReadToEndAsync();
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Directory} failed ({npm.ExitCode}):\n{await output}\n{await errors}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }
}

/// <summary>What a node script did: exit code, both streams, and the JSON of its last stdout line.</summary>
public sealed record NodeScriptResult(string Script, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    /// <summary>The last non-empty stdout line parsed as JSON (throws, with all the output, if there is none).</summary>
    public JsonElement Json
    {
        get
        {
            var last = StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            try
            {
                using var document = JsonDocument.Parse(last ?? throw new InvalidOperationException("no output"));
                return document.RootElement.Clone();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw new InvalidOperationException($"The last stdout line of {Script} is not JSON ({e.Message}).\n{this}", e);
            }
        }
    }

    /// <summary>Fails the test (with all the output) unless the script exited with 0; returns <see cref="Json"/>.</summary>
    public JsonElement EnsureSuccess()
    {
        Assert.True(ExitCode == 0, $"node {Script} failed.\n{this}");
        return Json;
    }

    public override string ToString() => $"node {Script}: exit {ExitCode} after {Duration.TotalSeconds:0.0} s\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
