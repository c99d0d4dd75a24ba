using System.Net.Sockets;

namespace PostHog.ServiceDefaults.Tests.Fixtures;

/// <summary>Readiness for servers whose only sign of life is an accepting socket.</summary>
public static class TcpProbe
{
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        return true;
    }
}
