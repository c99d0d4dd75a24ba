using k8s.Models;
using PostHog.Hosting.Publishing;
using PostHog.Hosting.Servers.Postgres;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>PostgreSQL as a one-pod StatefulSet of the official image; the model's first database is created by the image at init.</summary>
public sealed class PostgresWriter : KubernetesResourceWriter<PostgresServerResource>
{
    public const int Port = 5432;

    protected override void RegisterAddresses(PostgresServerResource resource, KubernetesPublishingContext context)
    {
        var address = new KubernetesEndpointAddress("tcp", resource.Name, Port);
        context.Addresses.Register(resource.Name, PostgresServerResource.PrimaryEndpointName, address);
        context.Addresses.RegisterReadiness(resource.Name, address);
    }

    protected override async Task WriteAsync(PostgresServerResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken)
    {
        var name = resource.Name;
        var variables = await PublishedEnvironment.ResolveAsync(resource, cancellationToken).ConfigureAwait(false);
        // A subfolder: the volume's root holds lost+found, which initdb refuses.
        variables["PGDATA"] = "/var/lib/postgresql/data/pgdata";
        if (resource.Databases.Values.FirstOrDefault() is { } database)
        {
            variables["POSTGRES_DB"] = database;
        }

        var environment = ContainerEnvironment.From(variables, context);
        var folder = context.Folder(name);
        if (environment.ConfigMap(name, "database") is { } configMap)
        {
            folder.Add(configMap);
        }

        var container = new V1Container
        {
            Name = name,
            Image = context.Image(KubernetesImages.ReferenceOf(resource)),
            Ports = KubernetesServices.ContainerPorts(("tcp", Port)),
            EnvFrom = environment.EnvFrom(name),
            Env = environment.Env,
            ReadinessProbe = KubernetesStatefulSets.Exec(10, "sh", "-c", "pg_isready -U \"$POSTGRES_USER\" -h 127.0.0.1 -p 5432"),
            LivenessProbe = KubernetesStatefulSets.Tcp("tcp", periodSeconds: 20, initialDelaySeconds: 30),
        };
        folder.Add(KubernetesStatefulSets.Create(name, "database", 1, container, context.Options.StorageOf(name), "/var/lib/postgresql/data"));
        folder.Add(KubernetesServices.ClusterIp(name, "database", ("tcp", Port)), "service.yaml");
        folder.Add(KubernetesServices.Headless(name, "database", ("tcp", Port)), "service-headless.yaml");
    }
}
