using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Health;

/// <summary>
/// Runs a resource's linked health checks in the AppHost while it is Running and publishes the result
/// (Aspire's service of the same name). Polling: unhealthy → 250 ms × n up to 2 s, healthy → every 5 s.
/// Faster than Aspire's 1 s × n (max 5 s) / 30 s: services here are ready in well under a second, and every
/// WaitFor level would otherwise add up to a second of idle start-up; a killed replica shows within 5 s.
/// </summary>
public sealed class ResourceHealthCheckService(
    HealthCheckService healthChecks,
    IOptions<HealthCheckServiceOptions> registrations,
    ResourceNotificationService notifications)
{
    public static readonly TimeSpan HealthyInterval = TimeSpan.FromSeconds(5);

    public static TimeSpan UnhealthyDelay(int attempt) => TimeSpan.FromMilliseconds(Math.Min(250 * Math.Max(attempt, 1), 2000));

    /// <summary>Runs the resource's checks once: Healthy with no checks, else the worst status with the first failure's text.</summary>
    public async Task<(HealthStatus Status, string? Description)> CheckAsync(IResource resource, CancellationToken cancellationToken)
    {
        var keys = resource.Annotations.OfType<HealthCheckAnnotation>().Select(h => h.Key).ToHashSet(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return (HealthStatus.Healthy, null);
        }

        var missing = keys.Where(k => registrations.Value.Registrations.All(r => r.Name != k)).ToList();
        if (missing.Count > 0)
        {
            return (HealthStatus.Unhealthy, $"health check '{missing[0]}' is not registered (builder.Services.AddHealthChecks().Add…)");
        }

        var report = await healthChecks.CheckHealthAsync(r => keys.Contains(r.Name), cancellationToken).ConfigureAwait(false);
        var failure = report.Entries.Values.FirstOrDefault(e => e.Status != HealthStatus.Healthy);
        return (report.Status, failure.Status == HealthStatus.Healthy ? null : failure.Description ?? failure.Exception?.Message);
    }

    /// <summary>
    /// Polls until cancelled or every instance is gone, publishing health to the Running instances;
    /// <paramref name="onHealthy"/> runs once, the first time all of them are healthy.
    /// </summary>
    public async Task MonitorAsync(IResource resource, Func<Task> onHealthy, CancellationToken cancellationToken)
    {
        var notifiedHealthy = false;
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var instances = notifications.GetInstances(resource.Name);
            if (instances.Count > 0 && instances.All(i => i.Snapshot.IsTerminal))
            {
                return;
            }

            var (status, description) = await CheckAsync(resource, cancellationToken).ConfigureAwait(false);
            foreach (var instance in notifications.GetInstances(resource.Name).Where(i => i.Snapshot.State == KnownResourceStates.Running))
            {
                await notifications.PublishUpdateAsync(resource, instance.ResourceId, s => s.State == KnownResourceStates.Running
                    ? s with { HealthStatus = status, Message = description }
                    : s).ConfigureAwait(false);
            }

            if (status == HealthStatus.Healthy && !notifiedHealthy)
            {
                notifiedHealthy = true;
                await onHealthy().ConfigureAwait(false);
            }

            if (!resource.Annotations.OfType<HealthCheckAnnotation>().Any())
            {
                return;
            }

            attempt = status == HealthStatus.Healthy ? 0 : attempt + 1;
            await Task.Delay(status == HealthStatus.Healthy ? HealthyInterval : UnhealthyDelay(attempt), cancellationToken).ConfigureAwait(false);
        }
    }
}
