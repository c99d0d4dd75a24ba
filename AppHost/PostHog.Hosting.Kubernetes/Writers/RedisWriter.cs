using k8s.Models;
using PostHog.Hosting.Orchestration;
using PostHog.Hosting.Publishing;
using PostHog.Hosting.Servers.Redis;

namespace PostHog.Hosting.Kubernetes.Writers;

/// <summary>Redis as a one-pod StatefulSet; the model's publish-mode arguments (requirepass from the Secret-backed variable, AOF).</summary>
public sealed class RedisWriter : KubernetesResourceWriter<RedisResource>
{
    public const int Port = 6379;

    protected override void RegisterAddresses(RedisResource resource, KubernetesPublishingContext context)
    {
        var address = new KubernetesEndpointAddress("redis", resource.Name, Port);
        context.Addresses.Register(resource.Name, RedisResource.PrimaryEndpointName, address);
        context.Addresses.RegisterReadiness(resource.Name, address);
    }

    protected override async Task WriteAsync(RedisResource resource, KubernetesPublishingContext context, CancellationToken cancellationToken)
    {
        var name = resource.Name;
        var environment = ContainerEnvironment.From(await PublishedEnvironment.ResolveAsync(resource, cancellationToken).ConfigureAwait(false), context);
        var args = await ResourceEnvironment.ResolveArgumentsAsync(resource, context.ExecutionContext, cancellationToken).ConfigureAwait(false);
        var folder = context.Folder(name);
        if (environment.ConfigMap(name, "cache") is { } configMap)
        {
            folder.Add(configMap);
        }

        var container = new V1Container
        {
            Name = name,
            Image = context.Image(KubernetesImages.ReferenceOf(resource)),
            Args = ["redis-server", .. args, "--dir", "/data"],
            Ports = KubernetesServices.ContainerPorts(("tcp", Port)),
            EnvFrom = environment.EnvFrom(name),
            Env = environment.Env,
            ReadinessProbe = KubernetesStatefulSets.Exec(10, "sh", "-c", "redis-cli -a \"$REDIS_PASSWORD\" --no-auth-warning ping | grep -q PONG"),
            LivenessProbe = KubernetesStatefulSets.Tcp("tcp", periodSeconds: 20, initialDelaySeconds: 10),
        };
        folder.Add(KubernetesStatefulSets.Create(name, "cache", 1, container, context.Options.StorageOf(name), "/data"));
        folder.Add(KubernetesServices.ClusterIp(name, "cache", ("tcp", Port)), "service.yaml");
        folder.Add(KubernetesServices.Headless(name, "cache", ("tcp", Port)), "service-headless.yaml");
    }
}
