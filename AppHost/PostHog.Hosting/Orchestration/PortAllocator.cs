using System.Net;
using System.Net.Sockets;
using PostHog.Hosting.Processes;

namespace PostHog.Hosting.Orchestration;

/// <summary>
/// Picks loopback ports. There is no proxy (Aspire's DCP has one): the port handed out is the one the process
/// listens on, so a fixed port must be free now, and a free one is found by binding port 0 and releasing it.
/// </summary>
public sealed class PortAllocator
{
    public const string Loopback = "127.0.0.1";

    private readonly HashSet<int> _handedOut = [];
    private readonly Lock _gate = new();

    /// <summary>A free port not handed out before in this run.</summary>
    public int AllocateFree()
    {
        lock (_gate)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (_handedOut.Add(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException("Could not find a free loopback port.");
        }
    }

    /// <summary>Claims a fixed port; throws a one-line <see cref="ResourceStartException"/> naming the owner if it is taken.</summary>
    public int Claim(string resourceName, int port)
    {
        lock (_gate)
        {
            if (!_handedOut.Add(port) || !IsFree(port))
            {
                var owner = PortOwner.Describe(port) ?? "another resource of this AppHost";
                throw new ResourceStartException(
                    $"{resourceName}: port {port} is already in use by {owner} — stop it, or give '{resourceName}' another port");
            }

            return port;
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
