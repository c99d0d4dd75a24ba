namespace PostHog.Hosting;

/// <summary>
/// What the generated <c>Projects.*</c> classes expose about a referenced project (build/PostHog.Hosting.targets).
/// Aspire exposes only the project path; we also pass the built assembly so a service starts with <c>dotnet exec</c>.
/// </summary>
public interface IProjectMetadata : ApplicationModel.IResourceAnnotation
{
    string ProjectPath { get; }

    /// <summary>The built assembly (<c>bin/…/X.dll</c>) if the generator knew it; null otherwise.</summary>
    string? TargetPath => null;
}
