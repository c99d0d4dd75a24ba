using System.Reflection;
using PostHog.Hosting;

namespace PostHog.Web.Tests.Integration;

/// <summary>Web as an AppHost resource: its .csproj and built assembly, as the AppHost's generated <c>Projects.PostHog_Web</c> names them.</summary>
public sealed class WebProject : IProjectMetadata
{
    public string ProjectPath => BuildPaths.Of("WebProject");

    public string? TargetPath => BuildPaths.Of("WebDll");
}

/// <summary>Decide as an AppHost resource, for the end-to-end test of Web's cache invalidation.</summary>
public sealed class DecideProject : IProjectMetadata
{
    public string ProjectPath => BuildPaths.Of("DecideProject");

    public string? TargetPath => BuildPaths.Of("DecideDll");
}

internal static class BuildPaths
{
    public static string Of(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
