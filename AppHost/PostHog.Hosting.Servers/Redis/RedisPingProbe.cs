using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PostHog.Hosting.Servers.Redis;

/// <summary>AUTH then PING over RESP; healthy on <c>+OK</c>, <c>+PONG</c> (a loading server answers -LOADING instead).</summary>
public sealed class RedisPingProbe(RedisResource redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(redis.PrimaryEndpoint.Host, redis.PrimaryEndpoint.Port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Command("AUTH", redis.PasswordParameter.Value) + Command("PING")), cancellationToken).ConfigureAwait(false);
            var received = new StringBuilder();
            var buffer = new byte[256];
            while (received.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length < 2)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            var answer = received.ToString().Replace("\r\n", " ", StringComparison.Ordinal).Trim();
            return answer == "+OK +PONG" ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{redis.Name}: {answer}");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy($"{redis.Name}: {e.Message}");
        }
    }

    /// <summary>A RESP array of bulk strings.</summary>
    internal static string Command(params string[] parts)
        => $"*{parts.Length}\r\n" + string.Concat(parts.Select(p => $"${Encoding.UTF8.GetByteCount(p)}\r\n{p}\r\n"));
}
