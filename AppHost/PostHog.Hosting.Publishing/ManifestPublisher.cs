using System.Text;
using System.Text.Json;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Orchestration;

namespace PostHog.Hosting.Publishing;

/// <summary>
/// Writes the Aspire publisher manifest (<c>--publisher manifest --output-path aspire-manifest.json</c>) that Aspire
/// tooling and Aspirate read: resources in declaration order, keys in a fixed order, secrets only as expressions.
/// </summary>
public sealed class ManifestPublisher : IDistributedApplicationPublisher
{
    private const string Schema = "https://json.schemastore.org/aspire-8.0.json";

    public async Task PublishAsync(DistributedApplicationModel model, string? outputPath, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(outputPath is { Length: > 0 } ? outputPath : "aspire-manifest.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = await WriteAsync(model, Path.GetDirectoryName(path)!, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(path, json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The manifest text; project paths are written relative to <paramref name="manifestDirectory"/>.</summary>
    public static async Task<string> WriteAsync(DistributedApplicationModel model, string manifestDirectory, CancellationToken cancellationToken = default)
    {
        var context = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish);
        var folding = new ManifestNodeFolding(model);
        using var stream = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", Schema);
            writer.WriteStartObject("resources");
            foreach (var resource in model.Resources)
            {
                if (ManifestNodeFolding.IsExcluded(resource))
                {
                    continue;
                }

                writer.WriteStartObject(resource.Name);
                await WriteResourceAsync(writer, resource, manifestDirectory, context, folding, cancellationToken).ConfigureAwait(false);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static async Task WriteResourceAsync(
        Utf8JsonWriter writer, IResource resource, string manifestDirectory, DistributedApplicationExecutionContext context, ManifestNodeFolding folding, CancellationToken cancellationToken)
    {
        var image = resource.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault();
        switch (resource)
        {
            case ParameterResource parameter:
                WriteParameter(writer, parameter);
                return;
            case ProjectResource project:
                writer.WriteString("type", "project.v0");
                writer.WriteString("path", Path.GetRelativePath(manifestDirectory, project.ProjectPath).Replace('\\', '/'));
                break;
            case IResource when image is not null:
                writer.WriteString("type", "container.v0");
                if (resource is IResourceWithConnectionString serverConnection)
                {
                    writer.WriteString("connectionString", folding.Fold(serverConnection.ConnectionStringExpression.ValueExpression));
                }

                writer.WriteString("image", ImageName(image));
                break;
            case IResourceWithConnectionString connection:
                writer.WriteString("type", "value.v0");
                writer.WriteString("connectionString", folding.Fold(connection.ConnectionStringExpression.ValueExpression));
                return;
            default:
                writer.WriteString("type", "executable.v0");
                break;
        }

        var replicas = resource.Annotations.OfType<ReplicaAnnotation>().LastOrDefault();
        if (replicas is not null && replicas.Replicas != 1)
        {
            writer.WriteNumber("replicas", replicas.Replicas);
        }

        var args = await ResourceEnvironment.ResolveArgumentsAsync(resource, context, cancellationToken).ConfigureAwait(false);
        if (args.Count > 0 && resource is not ProjectResource)
        {
            writer.WriteStartArray("args");
            args.ForEach(arg => writer.WriteStringValue(folding.Fold(arg)));
            writer.WriteEndArray();
        }

        var environment = await PublishedEnvironment.ResolveAsync(resource, cancellationToken).ConfigureAwait(false);
        if (environment.Count > 0)
        {
            writer.WriteStartObject("env");
            foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, folding.Fold(value));
            }

            writer.WriteEndObject();
        }

        var endpoints = (folding.BindingsSource(resource) ?? resource).Annotations.OfType<EndpointAnnotation>()
            // A container's binding needs its target port; one without exists only for the native process (a local health port).
            .Where(e => resource is ProjectResource || e.TargetPort is not null)
            .ToList();
        if (endpoints.Count > 0)
        {
            writer.WriteStartObject("bindings");
            foreach (var endpoint in endpoints)
            {
                writer.WriteStartObject(endpoint.Name);
                writer.WriteString("scheme", endpoint.UriScheme);
                writer.WriteString("protocol", endpoint.Protocol);
                writer.WriteString("transport", endpoint.Transport);
                // Aspire writes port only when it was set and differs from the target port.
                if (endpoint.Port is { } port && port != endpoint.TargetPort)
                {
                    writer.WriteNumber("port", port);
                }

                if (endpoint.TargetPort is { } targetPort)
                {
                    writer.WriteNumber("targetPort", targetPort);
                }

                if (endpoint.IsExternal)
                {
                    writer.WriteBoolean("external", true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }
    }

    private static void WriteParameter(Utf8JsonWriter writer, ParameterResource parameter)
    {
        writer.WriteString("type", "parameter.v0");
        writer.WriteString("value", $"{{{parameter.Name}.inputs.value}}");
        writer.WriteStartObject("inputs");
        writer.WriteStartObject("value");
        writer.WriteString("type", "string");
        if (parameter.Secret)
        {
            writer.WriteBoolean("secret", true);
        }

        // Generated parameters say how (Aspire's GenerateParameterDefault); others are the deployer's to supply.
        if (parameter.Annotations.OfType<GeneratedParameterAnnotation>().LastOrDefault() is { } generated)
        {
            writer.WriteStartObject("default");
            writer.WriteStartObject("generate");
            writer.WriteNumber("minLength", generated.MinLength);
            writer.WriteBoolean("special", false);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string ImageName(ContainerImageAnnotation image)
        => image.Registry is { Length: > 0 } registry ? $"{registry}/{image.Image}:{image.Tag}" : $"{image.Image}:{image.Tag}";
}
