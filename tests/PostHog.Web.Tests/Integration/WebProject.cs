using System.Reflection;
using PostHog.Hosting;

namespace PostHog.Web.Tests.Integration;

/// <summary>Web as an AppHost resource: its .csproj and built assembly, as the AppHost's generated <c>Projects.PostHog_Web</c> names them.</summary>
public sealed class WebProject : IProjectMetadata
{
    public string ProjectPath => Metadata("WebProject");

    public string? TargetPath => Metadata("WebDll");

    private static string Metadata(string key) =>
        typeof(WebProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
