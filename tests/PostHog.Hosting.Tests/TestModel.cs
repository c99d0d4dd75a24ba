using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Orchestration;
using PostHog.Hosting.Testing;

namespace PostHog.Hosting.Tests;

/// <summary>Small helpers to build ad-hoc models and read what a resource would get.</summary>
internal static class TestModel
{
    public static readonly DistributedApplicationExecutionContext Run = new(DistributedApplicationOperation.Run);
    public static readonly DistributedApplicationExecutionContext Publish = new(DistributedApplicationOperation.Publish);

    public static IDistributedApplicationTestingBuilder Builder(params string[] args) => DistributedApplicationTestingBuilder.Create(args);

    /// <summary>Gives every endpoint of the resource the ports, one per replica, as the orchestrator would.</summary>
    public static void Allocate(IResource resource, params int[] ports)
    {
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            var allocated = ports.Select(p => new AllocatedEndpoint(endpoint, "127.0.0.1", p)).ToList();
            endpoint.AllocatedEndpoint = allocated[0];
            endpoint.AllocatedEndpoints = allocated;
        }
    }

    public static Task<Dictionary<string, string>> EnvironmentOf(IResource resource, DistributedApplicationExecutionContext? context = null)
        => ResourceEnvironment.ResolveEnvironmentAsync(resource, context ?? Run);
}

/// <summary>A server-like resource with a connection string and Aspire 13 connection properties.</summary>
internal sealed class FakeServerResource(string name, ParameterResource password)
    : ExecutableResource(name, "fake-server", "/"), IResourceWithConnectionString
{
    public EndpointReference Tcp => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression
        => ReferenceExpression.Create($"Host={Tcp.Property(EndpointProperty.Host)};Port={Tcp.Property(EndpointProperty.Port)};Password={password}");

    public IEnumerable<KeyValuePair<string, ReferenceExpression>> GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{Tcp.Property(EndpointProperty.Host)}")),
        new("Port", ReferenceExpression.Create($"{Tcp.Property(EndpointProperty.Port)}")),
        new("Password", ReferenceExpression.Create($"{password}")),
        new("Uri", ReferenceExpression.Create($"fake://:{password}@{Tcp.Property(EndpointProperty.HostAndPort)}")),
    ];
}
