using System.Net;
using System.Net.Sockets;
using PostHog.Hosting.Orchestration;
using PostHog.Hosting.Processes;

namespace PostHog.Hosting.Tests.Model;

public sealed class PortAllocatorTests
{
    [Fact]
    public void Free_ports_are_distinct_and_bindable()
    {
        var allocator = new PortAllocator();
        var ports = Enumerable.Range(0, 20).Select(_ => allocator.AllocateFree()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, p => Assert.True(PortAllocator.IsFree(p)));
    }

    [Fact]
    public void Claiming_a_port_in_use_names_the_owner_and_the_fix()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var error = Assert.Throws<ResourceStartException>(() => new PortAllocator().Claim("ingress", port));

        Assert.Contains($"ingress: port {port} is already in use by pid {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("give 'ingress' another port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_fixed_port_cannot_be_claimed_twice()
    {
        var allocator = new PortAllocator();
        var port = allocator.AllocateFree();

        Assert.Throws<ResourceStartException>(() => allocator.Claim("b", port));
    }
}
