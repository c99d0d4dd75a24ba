using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Servers.PgBouncer;

/// <summary>
/// PgBouncer answers the Postgres wire protocol's SSLRequest with one byte ('N' or 'S') once it accepts clients;
/// no login needed, so the check does not depend on Postgres being up.
/// </summary>
public sealed class PostgresWireProbe(EndpointReference endpoint) : IHealthCheck
{
    private static readonly byte[] SslRequest = [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(SslRequest, cancellationToken).ConfigureAwait(false);
            var answer = new byte[1];
            var read = await stream.ReadAsync(answer, cancellationToken).ConfigureAwait(false);
            return read == 1 && answer[0] is (byte)'N' or (byte)'S'
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{endpoint.Resource.Name}: unexpected answer to SSLRequest");
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"{endpoint.Resource.Name}: {e.Message}");
        }
    }
}
