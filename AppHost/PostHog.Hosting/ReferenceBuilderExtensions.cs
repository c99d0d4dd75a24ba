using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting;

/// <summary>
/// <c>WithReference</c>: how one resource learns where another is, with Aspire 13.1's variable names (spec §1.5):
/// connection strings + connection properties for servers, service discovery + endpoint URLs for projects.
/// </summary>
public static class ReferenceBuilderExtensions
{
    /// <summary><c>ConnectionStrings__{name}</c> plus <c>{NAME}_{PROPERTY}</c> connection properties.</summary>
    public static IResourceBuilder<TDestination> WithReference<TDestination>(
        this IResourceBuilder<TDestination> builder, IResourceBuilder<IResourceWithConnectionString> source, string? connectionName = null, bool optional = false)
        where TDestination : IResourceWithEnvironment
        => builder.WithConnectionStringReference(source.Resource, connectionName, optional);

    /// <summary><c>services__{name}__{endpoint}__{i}</c> for every endpoint and replica, plus <c>{NAME}_{ENDPOINT}</c> URLs.</summary>
    public static IResourceBuilder<TDestination> WithReference<TDestination>(
        this IResourceBuilder<TDestination> builder, IResourceBuilder<IResourceWithServiceDiscovery> source)
        where TDestination : IResourceWithEnvironment
        => builder.WithServiceDiscoveryReference(source.Resource);

    /// <summary>For a resource that has both a connection string and endpoints (wins over the two overloads above).</summary>
    public static IResourceBuilder<TDestination> WithReference<TDestination, TSource>(
        this IResourceBuilder<TDestination> builder, IResourceBuilder<TSource> source, string? connectionName = null)
        where TDestination : IResourceWithEnvironment
        where TSource : IResourceWithConnectionString, IResourceWithServiceDiscovery
        => builder.WithConnectionStringReference(source.Resource, connectionName, optional: false).WithServiceDiscoveryReference(source.Resource);

    /// <summary>One endpoint: <c>services__{resource}__{endpoint}__0</c> and <c>{RESOURCE}_{ENDPOINT}</c>.</summary>
    public static IResourceBuilder<TDestination> WithReference<TDestination>(this IResourceBuilder<TDestination> builder, EndpointReference endpoint)
        where TDestination : IResourceWithEnvironment
    {
        builder.WithAnnotation(new ResourceRelationshipAnnotation(endpoint.Resource, "Reference"));
        return builder.WithEnvironment(context => AddEndpointVariables(context, endpoint.Resource, [endpoint.EndpointAnnotation]));
    }

    private static IResourceBuilder<TDestination> WithConnectionStringReference<TDestination>(
        this IResourceBuilder<TDestination> builder, IResourceWithConnectionString source, string? connectionName, bool optional)
        where TDestination : IResourceWithEnvironment
    {
        var name = connectionName ?? source.Name;
        var variable = source.ConnectionStringEnvironmentVariable
            ?? source.Annotations.OfType<ConnectionStringEnvironmentVariableAnnotation>().LastOrDefault()?.Name
            ?? $"ConnectionStrings__{name}";
        var prefix = ResourceNames.ToEnvironmentPrefix(name);
        builder.WithAnnotation(new ResourceRelationshipAnnotation(source, "Reference"));
        return builder.WithEnvironment(async context =>
        {
            if (optional && context.ExecutionContext.IsRunMode && await source.GetConnectionStringAsync(context.CancellationToken).ConfigureAwait(false) is null or "")
            {
                return;
            }

            context.EnvironmentVariables[variable] = source.ConnectionStringExpression;
            foreach (var (property, value) in source.GetConnectionProperties())
            {
                context.EnvironmentVariables[$"{prefix}_{property.ToUpperInvariant()}"] = value;
            }
        });
    }

    private static IResourceBuilder<TDestination> WithServiceDiscoveryReference<TDestination>(this IResourceBuilder<TDestination> builder, IResourceWithServiceDiscovery source)
        where TDestination : IResourceWithEnvironment
    {
        builder.WithAnnotation(new ResourceRelationshipAnnotation(source, "Reference"));
        return builder.WithEnvironment(context => AddEndpointVariables(context, source, source.Annotations.OfType<EndpointAnnotation>()));
    }

    private static void AddEndpointVariables(EnvironmentCallbackContext context, IResource source, IEnumerable<EndpointAnnotation> endpoints)
    {
        var prefix = ResourceNames.ToEnvironmentPrefix(source.Name);
        foreach (var endpoint in endpoints)
        {
            var reference = new EndpointReference((IResourceWithEndpoints)source, endpoint.Name);
            var urlVariable = $"{prefix}_{ResourceNames.ToEnvironmentPrefix(endpoint.Name)}";
            if (context.ExecutionContext.IsPublishMode || endpoint.AllocatedEndpoints.Count == 0)
            {
                context.EnvironmentVariables[$"services__{source.Name}__{endpoint.Name}__0"] = reference;
                context.EnvironmentVariables[urlVariable] = reference;
                continue;
            }

            // No proxy: every replica is listed so service discovery can spread requests across them.
            for (var i = 0; i < endpoint.AllocatedEndpoints.Count; i++)
            {
                context.EnvironmentVariables[$"services__{source.Name}__{endpoint.Name}__{i}"] = endpoint.AllocatedEndpoints[i].UriString;
            }

            context.EnvironmentVariables[urlVariable] = endpoint.AllocatedEndpoints[0].UriString;
        }
    }
}
