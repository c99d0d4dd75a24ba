using System.Net;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace PostHog.Ingress;

/// <summary>
/// Resolves YARP destinations like <c>http://capture</c> through Microsoft.Extensions.ServiceDiscovery
/// (<c>services__capture__http__0</c>). Microsoft.Extensions.ServiceDiscovery.Yarp does this, but it is not on our feed.
/// </summary>
internal sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>();
        var changeTokens = new List<Microsoft.Extensions.Primitives.IChangeToken>();
        foreach (var (name, destination) in destinations)
        {
            var original = new Uri(destination.Address);
            var source = await resolver.GetEndpointsAsync(destination.Address, cancellationToken);
            changeTokens.Add(source.ChangeToken);
            var index = 0;
            foreach (var endpoint in source.Endpoints)
            {
                var address = Address(original, endpoint.EndPoint);
                resolved[source.Endpoints.Count == 1 ? name : $"{name}[{index++}]"] = destination with { Address = address.ToString() };
            }
        }

        return new ResolvedDestinationCollection(resolved, new Microsoft.Extensions.Primitives.CompositeChangeToken(changeTokens));
    }

    private static Uri Address(Uri original, EndPoint endPoint) => endPoint switch
    {
        UriEndPoint uri => uri.Uri,
        IPEndPoint ip => new UriBuilder(original) { Host = ip.Address.ToString(), Port = ip.Port }.Uri,
        DnsEndPoint dns => new UriBuilder(original) { Host = dns.Host, Port = dns.Port > 0 ? dns.Port : original.Port }.Uri,
        _ => original,
    };
}
