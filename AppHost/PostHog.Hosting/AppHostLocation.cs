using System.Reflection;

namespace PostHog.Hosting;

/// <summary>Where the AppHost project and the repository are, and so where the state folder goes by default.</summary>
internal static class AppHostLocation
{
    public const string SolutionFileName = "PostHog.Aspire.sln";

    /// <summary>The AppHost project directory: written into the assembly at build time by build/PostHog.Hosting.targets.</summary>
    public static string ProjectDirectory(Assembly? assembly)
    {
        var fromBuild = assembly?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "apphostprojectpath")?.Value;
        return fromBuild is { Length: > 0 } && Directory.Exists(fromBuild) ? fromBuild : AppContext.BaseDirectory;
    }

    /// <summary>{folder holding PostHog.Aspire.sln above the AppHost}/.state, else {AppHost}/.state.</summary>
    public static string DefaultStateDirectory(string appHostDirectory)
    {
        for (var dir = new DirectoryInfo(appHostDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return Path.Combine(dir.FullName, ".state");
            }
        }

        return Path.Combine(appHostDirectory, ".state");
    }
}
