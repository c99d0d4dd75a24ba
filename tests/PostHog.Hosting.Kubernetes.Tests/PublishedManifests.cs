using System.Diagnostics;
using System.Reflection;

namespace PostHog.Hosting.Kubernetes.Tests;

/// <summary>
/// Runs the real publish command once (<c>PostHog.AppHost --publisher kubernetes --output-path &lt;temp&gt;</c>) and
/// holds every file it wrote, plus the committed <c>manifests/</c> folder to compare against.
/// </summary>
public sealed class PublishedManifests : IDisposable
{
    public PublishedManifests()
    {
        OutputDirectory = Directory.CreateTempSubdirectory("posthog-k8s-").FullName;
        var appHost = typeof(PublishedManifests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AppHostDll").Value!;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", appHost, "--publisher", "kubernetes", "--output-path", OutputDirectory, "--state-dir", Path.Combine(OutputDirectory, ".state") })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"publish failed ({(process.HasExited ? process.ExitCode : -1)}): {output.Result}{error.Result}");
        }

        Generated = Read(OutputDirectory);
        RepositoryRoot = FindRepositoryRoot();
        Committed = Read(Path.Combine(RepositoryRoot, "manifests"));
    }

    public string OutputDirectory { get; }

    public string RepositoryRoot { get; }

    /// <summary>Relative path ('/' separators) → text, as the command wrote it.</summary>
    public SortedDictionary<string, string> Generated { get; }

    public SortedDictionary<string, string> Committed { get; }

    public IEnumerable<KeyValuePair<string, string>> YamlFiles => Generated.Where(f => f.Key.EndsWith(".yaml", StringComparison.Ordinal));

    public void Dispose() => Directory.Delete(OutputDirectory, recursive: true);

    private static SortedDictionary<string, string> Read(string directory)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return files;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            // The state folder and the deployer's own parameter values are not publisher output.
            if (relative.StartsWith(".state/", StringComparison.Ordinal) || relative == "parameters/parameters.env")
            {
                continue;
            }

            files[relative] = File.ReadAllText(file);
        }

        return files;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PostHog.Aspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PostHog.Aspire.sln not found above the test assembly.");
    }
}

[CollectionDefinition(Name)]
public sealed class PublishedManifestsCollection : ICollectionFixture<PublishedManifests>
{
    public const string Name = "published manifests";
}
