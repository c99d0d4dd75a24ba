using k8s.Models;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Servers.PgBouncer;
using PostHog.Hosting.Servers.Postgres;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>
/// PgBouncer (transaction pooling, SCRAM) as a stateless Deployment in front of the Postgres its pooled databases live
/// on; the image writes its ini and userlist from DB_* variables, the password coming from the parameters Secret.
/// </summary>
public sealed class PgBouncerWriter : KubernetesResourceWriter<PgBouncerResource>
{
    public const int Port = 5432;

    protected override void RegisterAddresses(PgBouncerResource resource, KubernetesPublishingContext context)
    {
        var address = new KubernetesEndpointAddress("tcp", resource.Name, Port);
        context.Addresses.Register(resource.Name, PgBouncerResource.PrimaryEndpointName, address);
        context.Addresses.RegisterReadiness(resource.Name, address);
    }

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
        var environment = ContainerEnvironment.From(variables, context);
        var folder = context.Folder(name);
        folder.Add(environment.ConfigMap(name, "connection-pooler")!);
        var container = new V1Container
        {
            Name = name,
            Image = context.Image(KubernetesImages.ReferenceOf(resource)),
            Ports = KubernetesServices.ContainerPorts(("tcp", Port)),
            EnvFrom = environment.EnvFrom(name),
            Env = environment.Env,
            ReadinessProbe = KubernetesStatefulSets.Tcp("tcp"),
            LivenessProbe = KubernetesStatefulSets.Tcp("tcp", periodSeconds: 20, initialDelaySeconds: 10),
        };
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
