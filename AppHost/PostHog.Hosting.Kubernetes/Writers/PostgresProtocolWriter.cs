using k8s.Models;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Kubernetes.Kustomize;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>
/// What PostgreSQL and PgBouncer share in a cluster: clients reach them on Postgres' port 5432 (also their readiness
/// address), and each runs one container of its image configured by variables. The workload around it is theirs.
/// </summary>
public abstract class PostgresProtocolWriter<TResource> : KubernetesResourceWriter<TResource>
    where TResource : IResource
{
    public const int Port = 5432;

    /// <summary>The model's endpoint other resources reference (<c>tcp</c> for both).</summary>
    protected abstract string EndpointName { get; }

    protected sealed override void RegisterAddresses(TResource resource, KubernetesPublishingContext context)
    {
        var address = new KubernetesEndpointAddress("tcp", resource.Name, Port);
        context.Addresses.Register(resource.Name, EndpointName, address);
        context.Addresses.RegisterReadiness(resource.Name, address);
    }

    /// <summary>The server's container; its plain variables go to a ConfigMap added to <paramref name="folder"/>, the rest are Secret-backed.</summary>
    protected static V1Container Container(
        TResource resource, string component, IReadOnlyDictionary<string, string> variables, KustomizeFolder folder,
        KubernetesPublishingContext context, V1Probe readiness, V1Probe liveness)
    {
        var environment = ContainerEnvironment.From(variables, context);
        if (environment.ConfigMap(resource.Name, component) is { } configMap)
        {
            folder.Add(configMap);
        }

        return new V1Container
        {
            Name = resource.Name,
            Image = context.Image(KubernetesImages.ReferenceOf(resource)),
            Ports = KubernetesServices.ContainerPorts(("tcp", Port)),
            EnvFrom = environment.EnvFrom(resource.Name),
            Env = environment.Env,
            ReadinessProbe = readiness,
            LivenessProbe = liveness,
        };
    }
}
