using Microsoft.Extensions.DependencyInjection;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Health;
using PostHog.Hosting.Servers.Native;

namespace PostHog.Hosting.Servers.Kafka;

/// <summary><c>AddKafka</c>: the project's own broker (AppHost/PostHog.LocalKafka) with its log under the state folder.</summary>
public static class KafkaBuilderExtensions
{
    /// <summary><paramref name="partitions"/>: for auto-created topics; the broker's own default (1) otherwise.</summary>
    public static IResourceBuilder<KafkaServerResource> AddKafka(this IDistributedApplicationBuilder builder, string name, int? port = null, int? partitions = null)
    {
        var kafka = new KafkaServerResource(name, builder.StateDirectoryOf(name));
        return builder.AddResource(kafka)
            .WithEndpoint(port: port, targetPort: 9092, scheme: "tcp", name: KafkaServerResource.PrimaryEndpointName)
            .WithHttpEndpoint(name: KafkaServerResource.HttpEndpointName)
            .WithRunArgs(
                [
                    "exec", LocalKafkaBroker.AssemblyPath,
                    "--port", kafka.PrimaryEndpoint.Property(EndpointProperty.Port),
                    "--data-dir", kafka.DataDirectory,
                    .. partitions is { } count ? new object[] { "--partitions", count } : [],
                ])
            .WithEnvironment(context =>
            {
                // The local broker's health endpoint; the published apache/kafka container has no such setting.
                if (context.ExecutionContext.IsRunMode)
                {
                    context.EnvironmentVariables["ASPNETCORE_URLS"] = ReferenceExpression.Create($"{kafka.HttpEndpoint.Property(EndpointProperty.Url)}");
                }
            })
            .WithInstallHint("https://dot.net (the .NET SDK that builds this repository)")
            .WithServerHealthCheck(sp => new HttpEndpointHealthCheck(sp.GetRequiredService<IHttpClientFactory>(), kafka.HttpEndpoint, "/health", 200))
            .OnBeforeStart((k, _) =>
            {
                LocalKafkaBroker.EnsureBuilt();
                ServerFiles.EnsureDirectory(k.DataDirectory);
                return Task.CompletedTask;
            })
            .PublishAsContainer(ServerImages.Kafka.Image, ServerImages.Kafka.Tag, ServerImages.Kafka.Registry);
    }
}
