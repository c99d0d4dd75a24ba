using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PostHog.ServiceDefaults.ClickHouse;

/// <summary><c>SELECT 1</c> through the client, so it is healthy while any node of the connection string answers.</summary>
internal sealed class ClickHouseHealthCheck(Func<ClickHouseClient> client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await client().QueryScalarAsync("SELECT 1", cancellationToken: cancellationToken);
            return answer == "1"
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, $"SELECT 1 returned '{answer}'.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message, exception);
        }
    }
}
