using System.Globalization;

namespace PostHog.Hosting.Kubernetes;

/// <summary>Where one endpoint of a resource is reached inside the cluster: a Service (or pod) DNS name and port.</summary>
public sealed record KubernetesEndpointAddress(string Scheme, string Host, int Port)
{
    public string HostAndPort => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    public string Url => string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{Host}:{Port}");
}

/// <summary>
/// Resource name → endpoint name → in-cluster address. Writers register the addresses their objects create before any
/// writer resolves an expression (a ClickHouse node becomes the operator's <c>chi-…</c> Service, a ZooKeeper node a
/// StatefulSet pod), as Aspirate turns <c>{x.bindings.tcp.host}</c> into Service names.
/// </summary>
public sealed class KubernetesAddresses
{
    private readonly Dictionary<string, Dictionary<string, KubernetesEndpointAddress>> _addresses = new(StringComparer.Ordinal);

    /// <summary>What an init container waits for before a dependent starts (every node of a cluster, say).</summary>
    private readonly Dictionary<string, List<KubernetesEndpointAddress>> _readiness = new(StringComparer.Ordinal);

    public void Register(string resourceName, string endpointName, KubernetesEndpointAddress address)
    {
        if (!_addresses.TryGetValue(resourceName, out var endpoints))
        {
            endpoints = new Dictionary<string, KubernetesEndpointAddress>(StringComparer.Ordinal);
            _addresses[resourceName] = endpoints;
        }

        endpoints[endpointName] = address;
    }

    public KubernetesEndpointAddress Get(string resourceName, string endpointName)
        => _addresses.TryGetValue(resourceName, out var endpoints) && endpoints.TryGetValue(endpointName, out var address)
            ? address
            : throw new InvalidOperationException($"No Kubernetes address for endpoint '{endpointName}' of '{resourceName}': its writer registers none.");

    public void RegisterReadiness(string resourceName, params KubernetesEndpointAddress[] addresses)
        => _readiness[resourceName] = [.. addresses];

    public IReadOnlyList<KubernetesEndpointAddress> ReadinessOf(string resourceName)
        => _readiness.TryGetValue(resourceName, out var addresses) ? addresses : [];
}
