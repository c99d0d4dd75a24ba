namespace PostHog.Hosting.ApplicationModel;

/// <summary>
/// A network endpoint of a resource. <see cref="Port"/> is the public (host) port, <see cref="TargetPort"/> what the
/// process listens on; without a proxy (our only mode) they are the same number once allocated.
/// </summary>
public sealed class EndpointAnnotation(
    string name,
    string uriScheme = "http",
    int? port = null,
    int? targetPort = null,
    string transport = "http",
    bool isProxied = false,
    bool isExternal = false,
    string? environmentVariable = null) : IResourceAnnotation
{
    public string Name { get; } = name;

    public string UriScheme { get; set; } = uriScheme;

    public int? Port { get; set; } = port;

    public int? TargetPort { get; set; } = targetPort;

    /// <summary>http, http2 or tcp.</summary>
    public string Transport { get; set; } = transport;

    public string Protocol { get; set; } = "tcp";

    public bool IsProxied { get; set; } = isProxied;

    public bool IsExternal { get; set; } = isExternal;

    /// <summary>If set, the allocated port is injected into this environment variable (e.g. PORT).</summary>
    public string? TargetPortEnvironmentVariable { get; set; } = environmentVariable;

    /// <summary>Added by AddProject (Aspire derives it from launch settings); a later WithHttpEndpoint of the same name replaces it.</summary>
    public bool IsDefault { get; set; }

    /// <summary>Filled in by the orchestrator when the port is chosen (the first replica's, for references).</summary>
    public AllocatedEndpoint? AllocatedEndpoint { get; set; }

    /// <summary>
    /// One per replica, in replica order. Aspire has one proxied port in front of all replicas; we have no proxy,
    /// so service discovery lists every replica (<c>services__x__http__0</c>, <c>__1</c>, …).
    /// </summary>
    public IReadOnlyList<AllocatedEndpoint> AllocatedEndpoints { get; set; } = [];
}

public sealed record AllocatedEndpoint(EndpointAnnotation Endpoint, string Address, int Port)
{
    public string Host => Address;

    public string UriString => $"{Endpoint.UriScheme}://{Address}:{Port}";

    public override string ToString() => UriString;
}
