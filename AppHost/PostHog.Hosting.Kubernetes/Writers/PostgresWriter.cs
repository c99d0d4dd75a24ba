using PostHog.Hosting.Publishing;
using PostHog.Hosting.Servers.Postgres;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>PostgreSQL as a one-pod StatefulSet of the official image; the model's first database is created by the image at init.</summary>
public sealed class PostgresWriter : PostgresProtocolWriter<PostgresServerResource>
{
    protected override string EndpointName => PostgresServerResource.PrimaryEndpointName;

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

        var folder = context.Folder(name);
        var container = Container(resource, "database", variables, folder, context,
            readiness: KubernetesStatefulSets.Exec(10, "sh", "-c", "pg_isready -U \"$POSTGRES_USER\" -h 127.0.0.1 -p 5432"),
            liveness: KubernetesStatefulSets.Tcp("tcp", periodSeconds: 20, initialDelaySeconds: 30));
        folder.Add(KubernetesStatefulSets.Create(name, "database", 1, container, context.Options.StorageOf(name), "/var/lib/postgresql/data"));
        folder.Add(KubernetesServices.ClusterIp(name, "database", ("tcp", Port)), "service.yaml");
        folder.Add(KubernetesServices.Headless(name, "database", ("tcp", Port)), "service-headless.yaml");
    }
}
