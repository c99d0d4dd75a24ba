using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PostHog.Hosting.Servers.ZooKeeper;

/// <summary>A node is healthy when it answers <c>ruok</c> with <c>imok</c> (it runs; says nothing about quorum).</summary>
public sealed class ZooKeeperNodeHealthCheck(ZooKeeperNodeResource node) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await FourLetterWord.SendAsync(node.ClientEndpoint.Host, node.ClientEndpoint.Port, "ruok", cancellationToken).ConfigureAwait(false);
            return answer.Trim() == "imok" ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{node.Name}: ruok answered '{answer.Trim()}'");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy($"{node.Name}: {e.Message}");
        }
    }
}

/// <summary>The ensemble is healthy when a quorum of nodes serve as leader or follower (or the lone node as standalone).</summary>
public sealed class ZooKeeperEnsembleHealthCheck(ZooKeeperEnsembleResource ensemble) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var modes = await Task.WhenAll(ensemble.Nodes.Select(n => ModeAsync(n, cancellationToken))).ConfigureAwait(false);
        var serving = modes.Count(m => m is "leader" or "follower" or "standalone");
        var summary = string.Join(", ", ensemble.Nodes.Zip(modes, (n, m) => $"{n.Name}={m ?? "down"}"));
        return serving >= ensemble.Quorum && modes.Any(m => m is "leader" or "standalone")
            ? HealthCheckResult.Healthy(summary)
            : HealthCheckResult.Unhealthy($"{ensemble.Name}: no quorum ({summary})");
    }

    private static async Task<string?> ModeAsync(ZooKeeperNodeResource node, CancellationToken cancellationToken)
    {
        if (!node.ClientEndpoint.IsAllocated)
        {
            return null;
        }

        try
        {
            return FourLetterWord.ModeOf(await FourLetterWord.SendAsync(node.ClientEndpoint.Host, node.ClientEndpoint.Port, "srvr", cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return null;
        }
    }
}
