using System.Globalization;
using k8s.Models;
using PostHog.Hosting.ApplicationModel;
using PostHog.Ingress;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>
/// The local YARP entry point (AppHost/PostHog.Ingress) becomes one Kubernetes Ingress with the same table
/// (<see cref="IngressRoutes"/>): each path family is a <c>Prefix</c> path, which like the YARP route matches the
/// prefix, its trailing slash and sub-paths but not <c>/events</c> for <c>/e</c>; everything else goes to the fallback.
/// </summary>
public sealed class IngressWriter : KubernetesResourceWriter<ProjectResource>
{
    public const string IngressName = "posthog";

    /// <summary>The project file of the local ingress.</summary>
    public const string ProjectFileName = "PostHog.Ingress.csproj";

    public override bool Accepts(IResource resource)
        => resource is ProjectResource project && string.Equals(Path.GetFileName(project.ProjectPath), ProjectFileName, StringComparison.Ordinal);

    protected override Task WriteAsync(ProjectResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken)
    {
        foreach (var service in IngressRoutes.Services)
        {
            if (!context.Model.Resources.Any(r => r.Name == service))
            {
                throw new InvalidOperationException($"The ingress routes to '{service}', which is not in the model.");
            }
        }

        var paths = IngressRoutes.PathFamilies
            .Select(f => Route(f.PathPrefix, f.Service))
            .Append(Route("/", IngressRoutes.FallbackService))
            .ToList();
        var bodyLimitMegabytes = (IngressRoutes.CaptureMaxRequestBodyBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);
        context.Folder(resource.Name).Add(new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "Ingress",
            Metadata = new V1ObjectMeta
            {
                Name = IngressName,
                Labels = KubernetesLabels.Of(resource.Name, "ingress"),
                // Capture's batch limit (ingress-nginx's default is 1m); other ingress controllers have their own setting.
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["nginx.ingress.kubernetes.io/proxy-body-size"] = $"{bodyLimitMegabytes}m",
                },
            },
            Spec = new V1IngressSpec
            {
                IngressClassName = context.Options.IngressClassName,
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = context.Options.IngressHost is { Length: > 0 } host ? host : null,
                        Http = new V1HTTPIngressRuleValue { Paths = paths },
                    },
                ],
            },
        });
        return Task.CompletedTask;
    }

    private static V1HTTPIngressPath Route(string prefix, string service) => new()
    {
        Path = prefix,
        PathType = "Prefix",
        Backend = new V1IngressBackend
        {
            Service = new V1IngressServiceBackend { Name = service, Port = new V1ServiceBackendPort { Name = "http" } },
        },
    };
}
