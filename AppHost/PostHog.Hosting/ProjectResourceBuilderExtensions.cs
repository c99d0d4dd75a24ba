using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting;

/// <summary><c>AddProject</c> and <c>WithReplicas</c>, with the variables Aspire gives every project (spec §1.6).</summary>
public static class ProjectResourceBuilderExtensions
{
    /// <summary>A project referenced by the AppHost csproj; <typeparamref name="TProject"/> is a generated <c>Projects.*</c> class.</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var metadata = new TProject();
        return builder.AddProject(new ProjectResource(name, metadata.ProjectPath), metadata);
    }

    /// <summary>A project by path (relative paths resolve against the AppHost directory).</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        var path = Path.GetFullPath(projectPath, builder.AppHostDirectory);
        if (Directory.Exists(path))
        {
            path = Directory.EnumerateFiles(path, "*.csproj").FirstOrDefault()
                ?? throw new DistributedApplicationException($"'{name}': no .csproj in {path}.");
        }

        return builder.AddProject(new ProjectResource(name, path), new ProjectPathMetadata(path));
    }

    /// <summary>Starts <paramref name="replicas"/> processes, each on its own port with its own <c>service.instance.id</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        foreach (var existing in builder.Resource.Annotations.OfType<ReplicaAnnotation>().ToList())
        {
            builder.Resource.Annotations.Remove(existing);
        }

        return builder.WithAnnotation(new ReplicaAnnotation(replicas));
    }

    public static int GetReplicaCount(this IResource resource)
        => resource.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;

    private static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, ProjectResource project, IProjectMetadata metadata)
    {
        var configuration = builder.Configuration;
        return builder.AddResource(project)
            .WithAnnotation(metadata)
            .WithAnnotation(new EndpointAnnotation("http", "http") { IsDefault = true })
            .WithEnvironment(context => AddProjectDefaults(context, configuration));
    }

    /// <summary>
    /// What Aspire injects into a project besides references. ASPNETCORE_URLS and service.instance.id differ per
    /// replica, so the orchestrator adds those per instance (Orchestration/InstanceEnvironment.cs), as DCP does.
    /// </summary>
    private static void AddProjectDefaults(EnvironmentCallbackContext context, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var env = context.EnvironmentVariables;
        env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true";
        env["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true";
        env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        if (context.ExecutionContext.IsPublishMode)
        {
            return;
        }

        // Aspire takes these from the launch profile; ours is a fixed run-mode default (override with WithEnvironment).
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["DOTNET_ENVIRONMENT"] = "Development";
        env["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";
        env["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true";
        env["OTEL_SERVICE_NAME"] = context.Resource.Name;
        env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        env["OTEL_TRACES_SAMPLER"] = "always_on";
        env["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
        env["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "true";
        env["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true";
        env["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "true";

        // Only when a dashboard (OTLP receiver) is configured: gRPC preferred, else HTTP.
        var grpc = configuration[AppHostConfigurationNames.DashboardOtlpGrpcEndpointUrl];
        var http = configuration[AppHostConfigurationNames.DashboardOtlpHttpEndpointUrl];
        if (!string.IsNullOrEmpty(grpc) || !string.IsNullOrEmpty(http))
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = !string.IsNullOrEmpty(grpc) ? grpc : http!;
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = !string.IsNullOrEmpty(grpc) ? "grpc" : "http/protobuf";
            if (configuration[AppHostConfigurationNames.OtlpApiKey] is { Length: > 0 } apiKey)
            {
                env["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={apiKey}";
            }
        }
    }

    private sealed class ProjectPathMetadata(string projectPath) : IProjectMetadata
    {
        public string ProjectPath { get; } = projectPath;
    }
}
