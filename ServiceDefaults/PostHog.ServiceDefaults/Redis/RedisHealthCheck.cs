using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace PostHog.ServiceDefaults.Redis;

/// <summary>PINGs every connected endpoint's database 0 through the shared multiplexer.</summary>
internal sealed class RedisHealthCheck(Func<IConnectionMultiplexer> multiplexer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await multiplexer().GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message, exception);
        }
    }
}
