using Microsoft.Extensions.Hosting;

namespace PostHog.Hosting.Orchestration;

/// <summary>Ties the orchestrator to the generic host's lifetime: host start starts resources, host stop stops them.</summary>
internal sealed class OrchestratorHostedService(ApplicationOrchestrator orchestrator, PostHog.Hosting.ApplicationModel.DistributedApplicationExecutionContext context) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
        => context.IsRunMode ? orchestrator.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
        => context.IsRunMode ? orchestrator.StopAsync(CancellationToken.None) : Task.CompletedTask;
}
