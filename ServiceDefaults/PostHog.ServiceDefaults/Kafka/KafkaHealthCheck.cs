using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PostHog.ServiceDefaults.Kafka;

/// <summary>Asks the cluster for metadata over the client's own connection, with a 1 s timeout.</summary>
internal sealed class KafkaHealthCheck(Func<IClient> client) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // GetMetadata blocks up to the timeout; keep it off the request thread.
            var brokers = await Task.Run(() =>
            {
                using var admin = new DependentAdminClientBuilder(client().Handle).Build();
                return admin.GetMetadata(Timeout).Brokers.Count;
            }, cancellationToken);
            return brokers > 0
                ? HealthCheckResult.Healthy($"{brokers} broker(s)")
                : new HealthCheckResult(context.Registration.FailureStatus, "The cluster reported no brokers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message, exception);
        }
    }
}
