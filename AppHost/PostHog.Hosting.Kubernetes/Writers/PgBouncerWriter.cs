using k8s.Models;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.PgBouncer;
using PostHog.Hosting.Servers.Postgres;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>
/// PgBouncer (transaction pooling, SCRAM) as a stateless Deployment in front of the Postgres its pooled databases live
/// on; the image writes its ini and userlist from DB_* variables, the password coming from the parameters Secret.
/// </summary>
public sealed class PgBouncerWriter : PostgresProtocolWriter<PgBouncerResource>
{
    protected override string EndpointName => PgBouncerResource.PrimaryEndpointName;

    protected override Task WriteAsync(PgBouncerResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken)
    {
        var name = resource.Name;
        var server = resource.Databases.Select(d => d.Database.Parent).Distinct().SingleOrDefault()
            ?? throw new InvalidOperationException($"'{name}' pools databases of no (or of several) Postgres servers; the image supports one.");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DB_HOST"] = server.PrimaryEndpoint.Property(EndpointProperty.Host).ValueExpression,
            ["DB_PORT"] = server.PrimaryEndpoint.Property(EndpointProperty.Port).ValueExpression,
            ["DB_USER"] = ReferenceExpression.Create($"{server.UserNameReference}").ValueExpression,
            ["DB_PASSWORD"] = server.PasswordParameter.ValueExpression,
            ["LISTEN_PORT"] = "5432",
            ["POOL_MODE"] = "transaction",
            ["AUTH_TYPE"] = "scram-sha-256",
            ["MAX_CLIENT_CONN"] = "1000",
            ["DEFAULT_POOL_SIZE"] = "20",
        };
        var folder = context.Folder(name);
        var container = Container(resource, "connection-pooler", variables, folder, context,
            readiness: KubernetesStatefulSets.Tcp("tcp"),
            liveness: KubernetesStatefulSets.Tcp("tcp", periodSeconds: 20, initialDelaySeconds: 10));
        folder.Add(new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = KubernetesLabels.Metadata(name, name, "connection-pooler"),
            Spec = new V1DeploymentSpec
            {
                Replicas = ProjectWriter.Replicas(resource, context.Options),
                Selector = new V1LabelSelector { MatchLabels = KubernetesLabels.Selector(name) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = KubernetesLabels.Of(name, "connection-pooler") },
                    Spec = new V1PodSpec
                    {
                        InitContainers = DependencyWaits.InitContainers(resource, context) is { Count: > 0 } init ? init : null,
                        Containers = [container],
                    },
                },
            },
        });
        folder.Add(KubernetesServices.ClusterIp(name, "connection-pooler", ("tcp", Port)));
        return Task.CompletedTask;
    }
}
