using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Servers.Postgres;

/// <summary>Opens an unpooled connection with the resource's own connection string and runs <c>SELECT 1</c> (Aspire's Npgsql check).</summary>
public sealed class NpgsqlHealthCheck(IResourceWithConnectionString resource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(await UnpooledAsync(resource, cancellationToken).ConfigureAwait(false));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"{resource.Name}: {e.Message}");
        }
    }

    /// <summary>Pooling off: an idle pooled session would hold up postgres's smart shutdown and count against PgBouncer's pool.</summary>
    internal static async Task<string> UnpooledAsync(IResourceWithConnectionString resource, CancellationToken cancellationToken)
        => new NpgsqlConnectionStringBuilder(await resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false))
        {
            Pooling = false,
            Timeout = 3,
        }.ConnectionString;
}
