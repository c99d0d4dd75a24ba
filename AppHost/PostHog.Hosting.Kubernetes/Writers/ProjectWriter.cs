using k8s.Models;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Publishing;
using PostHog.Ingress;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>
/// A .NET project: a Deployment and a Service, its plain settings in a ConfigMap, probes on ServiceDefaults'
/// <c>/health</c> (readiness) and <c>/alive</c> (liveness). A project others <c>WaitForCompletion</c> (migrations)
/// is a Job instead, and its waiters get an account that may watch it.
/// </summary>
public sealed class ProjectWriter : KubernetesResourceWriter<ProjectResource>
{
    /// <summary>ASP.NET container images listen on 8080 unless HTTP_PORTS says otherwise.</summary>
    public const int HttpPort = 8080;

    public const int HttpsPort = 8443;

    protected override void RegisterAddresses(ProjectResource resource, KubernetesPublishingContext context)
    {
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            var port = endpoint.TargetPort ?? (endpoint.UriScheme == "https" ? HttpsPort : HttpPort);
            var address = new KubernetesEndpointAddress(endpoint.UriScheme, resource.Name, port);
            context.Addresses.Register(resource.Name, endpoint.Name, address);
        }

        if (!IsJob(resource, context))
        {
            context.Addresses.RegisterReadiness(resource.Name, [.. resource.Annotations.OfType<EndpointAnnotation>().Select(e => context.Addresses.Get(resource.Name, e.Name))]);
        }
    }

    protected override async Task WriteAsync(ProjectResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken)
    {
        var name = resource.Name;
        var job = IsJob(resource, context);
        var component = job ? "job" : "service";
        var folder = context.Folder(name);
        var environment = ContainerEnvironment.From(await PublishedEnvironment.ResolveAsync(resource, cancellationToken).ConfigureAwait(false), context);
        if (environment.ConfigMap(name, component) is { } configMap)
        {
            folder.Add(configMap);
        }

        var ports = resource.Annotations.OfType<EndpointAnnotation>()
            .Select(e => (e.Name, context.Addresses.Get(name, e.Name).Port))
            .ToArray();
        var container = new V1Container
        {
            Name = name,
            Image = context.Image($"{context.Options.ImageRegistry}/{name}:{context.Options.ImageTag}"),
            Ports = ports.Length > 0 ? KubernetesServices.ContainerPorts(ports) : null,
            EnvFrom = environment.EnvFrom(name),
            Env = environment.Env.Count > 0 ? environment.Env : null,
        };
        var awaitedJob = DependencyWaits.AwaitedJob(resource);
        var pod = new V1PodSpec
        {
            ServiceAccountName = awaitedJob is null ? null : DependencyWaits.JobWaiterAccount(awaitedJob),
            InitContainers = DependencyWaits.InitContainers(resource, context) is { Count: > 0 } init ? init : null,
            Containers = [container],
        };
        var template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = KubernetesLabels.Of(name, component) }, Spec = pod };

        if (job)
        {
            pod.RestartPolicy = "OnFailure";
            folder.Add(new V1Job
            {
                ApiVersion = "batch/v1",
                Kind = "Job",
                Metadata = KubernetesLabels.Metadata(name, name, component),
                Spec = new V1JobSpec { BackoffLimit = 6, Template = template },
            });
            foreach (var (file, access) in DependencyWaits.JobWaiterAccess(name))
            {
                folder.Add(access, file);
            }

            return;
        }

        if (ports.Any(p => p.Name == "http"))
        {
            container.ReadinessProbe = HttpProbe("/health", periodSeconds: 10);
            container.LivenessProbe = HttpProbe("/alive", periodSeconds: 20);
        }

        folder.Add(new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = KubernetesLabels.Metadata(name, name, component),
            Spec = new V1DeploymentSpec
            {
                Replicas = Replicas(resource, context.Options),
                Selector = new V1LabelSelector { MatchLabels = KubernetesLabels.Selector(name) },
                Template = template,
            },
        });
        if (ports.Length > 0)
        {
            folder.Add(KubernetesServices.ClusterIp(name, component, ports));
        }
    }

    /// <summary>A configured count wins; else the model's (WithReplicas); else routed services get two.</summary>
    public static int Replicas(IResource resource, KubernetesPublisherOptions options)
    {
        if (options.Replicas.TryGetValue(resource.Name, out var configured))
        {
            return configured;
        }

        var model = resource.GetReplicaCount();
        return model == 1 && IngressRoutes.Services.Contains(resource.Name) ? options.RoutedServiceReplicas : model;
    }

    private static bool IsJob(IResource resource, KubernetesPublishingContext context)
        => context.Model.Resources.Any(r => r.Annotations.OfType<WaitAnnotation>()
            .Any(w => w.WaitType == WaitType.WaitForCompletion && ReferenceEquals(w.Resource, resource)));

    private static V1Probe HttpProbe(string path, int periodSeconds) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = "http" },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 5,
        FailureThreshold = 3,
    };
}
