using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Processes;

/// <summary>
/// How a project is launched. Aspire runs <c>dotnet run --project … --no-launch-profile</c>; the AppHost's build
/// has already built every referenced project, so we run the built assembly with <c>dotnet exec</c>, which skips
/// MSBuild evaluation entirely (measured: see the report / ProjectLaunchCommandTests). Without a built assembly
/// it falls back to <c>dotnet run --no-launch-profile --project</c> (which builds).
/// </summary>
public static class ProjectLaunchCommand
{
    public static (string Command, List<string> Arguments) For(ProjectResource project, IEnumerable<string> arguments)
    {
        var dotnet = DotnetHost();
        if (BuiltAssembly(project) is { } assembly)
        {
            return (dotnet, ["exec", assembly, .. arguments]);
        }

        return (dotnet, ["run", "--no-launch-profile", "--project", project.ProjectPath, "--", .. arguments]);
    }

    /// <summary>The built dll: from the generated metadata, else the newest bin/*/net*/{name}.dll.</summary>
    public static string? BuiltAssembly(ProjectResource project)
    {
        if (project.TargetPath is { } target && File.Exists(target))
        {
            return target;
        }

        var dir = Path.GetDirectoryName(project.ProjectPath)!;
        var bin = Path.Combine(dir, "bin");
        var name = Path.GetFileNameWithoutExtension(project.ProjectPath) + ".dll";
        return Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, name, SearchOption.AllDirectories)
                .Where(f => File.Exists(Path.ChangeExtension(f, ".runtimeconfig.json")))
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
            : null;
    }

    /// <summary>The dotnet host running us (DOTNET_HOST_PATH is set under the SDK), else dotnet on PATH.</summary>
    public static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
