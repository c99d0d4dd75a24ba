using System.Text.Json.Serialization;

namespace PostHog.Hosting.Kubernetes.Kustomize;

/// <summary>The part of kustomize's <c>kustomization.yaml</c> (kustomize.config.k8s.io/v1beta1) the publisher writes.</summary>
public sealed class Kustomization
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "kustomize.config.k8s.io/v1beta1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Kustomization";

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("resources")]
    public List<string>? Resources { get; set; }

    [JsonPropertyName("secretGenerator")]
    public List<KustomizeSecretGenerator>? SecretGenerator { get; set; }

    [JsonPropertyName("generatorOptions")]
    public KustomizeGeneratorOptions? GeneratorOptions { get; set; }

    [JsonPropertyName("images")]
    public List<KustomizeImage>? Images { get; set; }
}

/// <summary>A Secret built by kustomize from an env file the deployer writes (never committed).</summary>
public sealed class KustomizeSecretGenerator
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("envs")]
    public List<string>? Envs { get; set; }
}

public sealed class KustomizeGeneratorOptions
{
    /// <summary>Keeps generated names stable so workloads can reference them by name.</summary>
    [JsonPropertyName("disableNameSuffixHash")]
    public bool? DisableNameSuffixHash { get; set; }
}

/// <summary>An image rename: the deployer's one place to point every workload at their registry and tag.</summary>
public sealed class KustomizeImage
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("newName")]
    public string? NewName { get; set; }

    [JsonPropertyName("newTag")]
    public string? NewTag { get; set; }
}
