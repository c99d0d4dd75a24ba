namespace PostHog.Hosting.ApplicationModel;

public enum EndpointProperty
{
    Url,
    Host,
    IPV4Host,
    Port,
    Scheme,
    TargetPort,
    HostAndPort,
}

/// <summary>A reference to a resource's endpoint whose address is known only once ports are allocated.</summary>
public sealed class EndpointReference(IResourceWithEndpoints resource, string endpointName) : IValueProvider, IManifestExpressionProvider
{
    public IResourceWithEndpoints Resource { get; } = resource;

    public string EndpointName { get; } = endpointName;

    public EndpointAnnotation EndpointAnnotation =>
        Resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'.");

    public bool Exists => Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == EndpointName);

    public bool IsAllocated => Exists && EndpointAnnotation.AllocatedEndpoint is not null;

    private AllocatedEndpoint Allocated => EndpointAnnotation.AllocatedEndpoint
        ?? throw new InvalidOperationException($"The endpoint '{EndpointName}' of '{Resource.Name}' has no allocated port yet.");

    public string Url => Allocated.UriString;

    public string Host => Allocated.Address;

    public int Port => Allocated.Port;

    public string Scheme => EndpointAnnotation.UriScheme;

    public EndpointReferenceExpression Property(EndpointProperty property) => new(this, property);

    public string ValueExpression => $"{{{Resource.Name}.bindings.{EndpointName}.url}}";

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(Url);
}

/// <summary>One property (host, port, url…) of an endpoint, as a deferred value.</summary>
public sealed class EndpointReferenceExpression(EndpointReference endpoint, EndpointProperty property) : IValueProvider, IManifestExpressionProvider
{
    public EndpointReference Endpoint { get; } = endpoint;

    public EndpointProperty Property { get; } = property;

    public string ValueExpression => Property switch
    {
        EndpointProperty.Url => $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.url}}",
        EndpointProperty.Host or EndpointProperty.IPV4Host => $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.host}}",
        EndpointProperty.Port => $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.port}}",
        EndpointProperty.TargetPort => $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.targetPort}}",
        EndpointProperty.Scheme => $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.scheme}}",
        EndpointProperty.HostAndPort => $"{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.host}}:{{{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.port}}",
        _ => throw new ArgumentOutOfRangeException(nameof(Property)),
    };

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(Property switch
    {
        EndpointProperty.Url => Endpoint.Url,
        EndpointProperty.Host or EndpointProperty.IPV4Host => Endpoint.Host,
        EndpointProperty.Port or EndpointProperty.TargetPort => Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        EndpointProperty.Scheme => Endpoint.Scheme,
        EndpointProperty.HostAndPort => $"{Endpoint.Host}:{Endpoint.Port}",
        _ => throw new ArgumentOutOfRangeException(nameof(Property)),
    });
}
