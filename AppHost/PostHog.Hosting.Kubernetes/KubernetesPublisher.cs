using Microsoft.Extensions.Configuration;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Kubernetes.Writers;
using PostHog.Hosting.Publishing;

namespace PostHog.Hosting.Kubernetes;

/// <summary>
/// <c>--publisher kubernetes --output-path manifests</c>: the model as kustomize folders of Kubernetes objects (Aspirate's
/// layout, built with KubernetesClient's typed models and YAML serializer). The output folder is made to hold exactly
/// the generated files: stale ones are removed, so the result only depends on the model and the options.
/// </summary>
public sealed class KubernetesPublisher(IConfiguration configuration, IEnumerable<KubernetesResourceWriter> writers) : IDistributedApplicationPublisher
{
    public const string GitIgnore = ".gitignore";

    public async Task PublishAsync(DistributedApplicationModel model, string? outputPath, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(outputPath is { Length: > 0 } ? outputPath : "manifests");
        var files = await RenderAsync(model, KubernetesPublisherOptions.From(configuration), writers.ToList(), cancellationToken).ConfigureAwait(false);
        await WriteAsync(directory, files, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Wrote {files.Count} files to {directory}");
    }

    /// <summary>Every output file, relative path → text.</summary>
    public static async Task<SortedDictionary<string, string>> RenderAsync(
        DistributedApplicationModel model, KubernetesPublisherOptions options, IReadOnlyList<KubernetesResourceWriter>? writers = null, CancellationToken cancellationToken = default)
    {
        writers ??= KubernetesResourceWriters.Defaults();
        var context = new KubernetesPublishingContext(model, options);
        var assigned = model.Resources
            .Where(r => !r.Annotations.OfType<ManifestExclusionAnnotation>().Any() || writers.Any(w => w.Accepts(r)))
            .Select(r => (Resource: r, Writer: writers.FirstOrDefault(w => w.Accepts(r))
                ?? throw new InvalidOperationException($"No Kubernetes writer for '{r.Name}' ({r.GetType().Name}): register one with AddKubernetesResourceWriter.")))
            .ToList();

        foreach (var (resource, writer) in assigned)
        {
            writer.RegisterAddresses(resource, context);
        }

        foreach (var (resource, writer) in assigned)
        {
            await writer.WriteAsync(resource, context, cancellationToken).ConfigureAwait(false);
        }

        context.Layout.RootObjects.Add(("namespace.yaml", KubernetesNamespace.Create(options.Namespace)));
        context.Layout.RootFiles["README.md"] = ManifestsReadme.Render(options).ReplaceLineEndings("\n");
        context.Layout.RootFiles[GitIgnore] = $"# The deployer's parameter values (see README.md): never committed.\n{ParameterWriter.Folder}/{ParameterWriter.EnvFile}\n";
        return context.Layout.Render(options.Namespace);
    }

    private static async Task WriteAsync(string directory, SortedDictionary<string, string> files, CancellationToken cancellationToken)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any() && !File.Exists(Path.Combine(directory, "kustomization.yaml")))
        {
            throw new InvalidOperationException($"{directory} is not empty and holds no kustomization.yaml: refusing to replace it.");
        }

        Directory.CreateDirectory(directory);
        var keep = new HashSet<string>(files.Keys.Select(f => Path.GetFullPath(Path.Combine(directory, f))), StringComparer.Ordinal)
        {
            // The deployer's own values stay.
            Path.GetFullPath(Path.Combine(directory, ParameterWriter.Folder, ParameterWriter.EnvFile)),
        };
        foreach (var stale in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(f => !keep.Contains(f)))
        {
            File.Delete(stale);
        }

        foreach (var (relative, text) in files)
        {
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
        }

        foreach (var empty in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Where(d => !Directory.EnumerateFileSystemEntries(d).Any()))
        {
            Directory.Delete(empty);
        }
    }
}
