using System.Net.Sockets;
using System.Text;

namespace PostHog.Hosting.Servers.ZooKeeper;

/// <summary>ZooKeeper's four-letter commands (ruok, srvr, stat…): send the word, read until the server closes.</summary>
public static class FourLetterWord
{
    public static async Task<string> SendAsync(string host, int port, string word, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(word), cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>Mode:</c> line of a srvr/stat answer (leader, follower, standalone), or null if not serving.</summary>
    public static string? ModeOf(string srvrAnswer)
        => srvrAnswer.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Mode:", StringComparison.Ordinal))?["Mode:".Length..].Trim();
}
