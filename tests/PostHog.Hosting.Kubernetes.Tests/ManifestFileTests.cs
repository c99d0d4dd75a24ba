using k8s;

namespace PostHog.Hosting.Kubernetes.Tests;

/// <summary>The files themselves: committed == generated, strict typed parsing with an exact round trip, kustomize listings.</summary>
[Collection(PublishedManifestsCollection.Name)]
public sealed class ManifestFileTests(PublishedManifests published)
{
    [Fact]
    public void Committed_manifests_equal_a_fresh_publish()
    {
        var hint = "regenerate: dotnet run --project AppHost/PostHog.AppHost -- --publisher kubernetes --output-path manifests";
        Assert.True(published.Committed.Count > 0, $"manifests/ is missing; {hint}");
        Assert.Equal(published.Generated.Keys, published.Committed.Keys);
        foreach (var (file, text) in published.Generated)
        {
            Assert.True(text == published.Committed[file], $"manifests/{file} differs from the publisher's output; {hint}");
        }
    }

    [Fact]
    public void Every_document_parses_strictly_into_the_typed_model_and_serializes_back_to_the_same_text()
    {
        foreach (var (file, text) in published.YamlFiles.Where(f => !f.Key.EndsWith("kustomization.yaml", StringComparison.Ordinal)))
        {
            // strict: a field the typed model does not know throws, so a misspelt or invented field cannot hide.
            var documents = KubernetesYaml.LoadAllFromString(text, ManifestDocuments.CustomTypes, strict: true);
            var document = Assert.Single(documents);
            Assert.IsAssignableFrom<IKubernetesObject>(document);
            Assert.Equal(text.TrimEnd('\n'), KubernetesYaml.Serialize(document).ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }

    [Fact]
    public void Kustomizations_parse_strictly_and_round_trip()
    {
        foreach (var (file, text) in published.YamlFiles.Where(f => f.Key.EndsWith("kustomization.yaml", StringComparison.Ordinal)))
        {
            var kustomization = KubernetesYaml.Deserialize<Kustomize.Kustomization>(text, strict: true);
            Assert.Equal("kustomize.config.k8s.io/v1beta1", kustomization.ApiVersion);
            Assert.Equal(text.TrimEnd('\n'), KubernetesYaml.Serialize(kustomization).ReplaceLineEndings("\n").TrimEnd('\n'));
        }
    }

    [Fact]
    public void Every_kustomization_lists_exactly_the_yaml_files_and_folders_beside_it()
    {
        var documents = new ManifestDocuments(published);
        var folders = published.Generated.Keys.Where(f => f.Contains('/', StringComparison.Ordinal)).Select(f => f[..f.IndexOf('/', StringComparison.Ordinal)]).Distinct().ToList();
        foreach (var folder in folders)
        {
            var kustomization = documents.Kustomizations[$"{folder}/kustomization.yaml"];
            var yaml = published.Generated.Keys
                .Where(f => f.StartsWith($"{folder}/", StringComparison.Ordinal) && f.EndsWith(".yaml", StringComparison.Ordinal) && !f.EndsWith("/kustomization.yaml", StringComparison.Ordinal))
                .Select(f => f[(folder.Length + 1)..])
                .Order(StringComparer.Ordinal);
            Assert.Equal(yaml, (kustomization.Resources ?? []).Order(StringComparer.Ordinal));
        }

        var root = documents.Kustomizations["kustomization.yaml"];
        var rootYaml = published.Generated.Keys.Where(f => !f.Contains('/', StringComparison.Ordinal) && f.EndsWith(".yaml", StringComparison.Ordinal) && f != "kustomization.yaml");
        Assert.Equal(rootYaml.Concat(folders).Order(StringComparer.Ordinal), root.Resources!.Order(StringComparer.Ordinal));
        Assert.Equal("posthog", root.Namespace);
    }

    [Fact]
    public void Every_image_is_named_in_the_top_level_kustomization_so_a_deployer_can_rename_it()
    {
        var documents = new ManifestDocuments(published);
        var named = documents.Kustomizations["kustomization.yaml"].Images!.Select(i => $"{i.NewName}:{i.NewTag}").ToHashSet(StringComparer.Ordinal);
        var used = documents.PodTemplates().SelectMany(p => (p.Template.Spec.InitContainers ?? []).Concat(p.Template.Spec.Containers)).Select(c => c.Image)
            .Concat(documents.OfType<CustomResources.ClickHouseInstallation>().SelectMany(c => c.Spec.Templates!.PodTemplates!).SelectMany(t => t.Spec.Containers).Select(c => c.Image))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(used.Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }
}
