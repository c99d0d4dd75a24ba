using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Kubernetes.Kustomize;

namespace PostHog.Hosting.Kubernetes;

/// <summary>One publish run: the model, the options, where everything lives in the cluster, and the folders being filled.</summary>
public sealed class KubernetesPublishingContext
{
    public KubernetesPublishingContext(DistributedApplicationModel model, KubernetesPublisherOptions options)
    {
        Model = model;
        Options = options;
        Values = new KubernetesValueResolver(model, Addresses);
        ExecutionContext = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish);
    }

    public DistributedApplicationModel Model { get; }

    public KubernetesPublisherOptions Options { get; }

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public KubernetesAddresses Addresses { get; } = new();

    public KubernetesValueResolver Values { get; }

    public KustomizeLayout Layout { get; } = new();

    /// <summary>The Secret every parameter (password, key, generated token) is a key of; filled by the deployer.</summary>
    public string ParametersSecretName => "posthog-parameters";

    /// <summary>A kustomize folder (one per resource), created on first use in model order.</summary>
    public KustomizeFolder Folder(string name) => Layout.Folder(name);

    /// <summary>Records an image so the top-level kustomization can rename it (<c>images:</c>) at deploy time.</summary>
    public string Image(string reference)
    {
        Layout.Images.Add(reference);
        return reference;
    }
}
