using k8s;
using k8s.Models;
using PostHog.Hosting.Kubernetes.CustomResources;
using PostHog.Hosting.Kubernetes.Kustomize;

namespace PostHog.Hosting.Kubernetes.Tests;

/// <summary>Every generated object, parsed strictly into KubernetesClient's typed models (unknown fields throw).</summary>
public sealed class ManifestDocuments
{
    public static readonly Dictionary<string, Type> CustomTypes = new(StringComparer.Ordinal)
    {
        [$"{ClickHouseInstallation.KubeApiVersion}/{ClickHouseInstallation.KubeKind}"] = typeof(ClickHouseInstallation),
    };

    public ManifestDocuments(PublishedManifests published)
    {
        foreach (var (file, text) in published.YamlFiles)
        {
            if (Path.GetFileName(file) == "kustomization.yaml")
            {
                Kustomizations[file] = KubernetesYaml.Deserialize<Kustomization>(text, strict: true);
            }
            else
            {
                foreach (var document in KubernetesYaml.LoadAllFromString(text, CustomTypes, strict: true))
                {
                    Objects.Add((file, (IKubernetesObject<V1ObjectMeta>)document));
                }
            }
        }
    }

    public Dictionary<string, Kustomization> Kustomizations { get; } = new(StringComparer.Ordinal);

    public List<(string File, IKubernetesObject<V1ObjectMeta> Object)> Objects { get; } = [];

    public IEnumerable<T> OfType<T>() => Objects.Select(o => o.Object).OfType<T>();

    /// <summary>Every pod template with the object that owns it.</summary>
    public IEnumerable<(IKubernetesObject<V1ObjectMeta> Owner, V1PodTemplateSpec Template)> PodTemplates()
    {
        foreach (var deployment in OfType<V1Deployment>())
        {
            yield return (deployment, deployment.Spec.Template);
        }

        foreach (var statefulSet in OfType<V1StatefulSet>())
        {
            yield return (statefulSet, statefulSet.Spec.Template);
        }

        foreach (var job in OfType<V1Job>())
        {
            yield return (job, job.Spec.Template);
        }
    }
}
