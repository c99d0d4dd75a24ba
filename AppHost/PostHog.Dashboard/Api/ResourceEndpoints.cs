using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PostHog.Hosting.ApplicationModel;
using PostHog.Hosting.Logging;
using PostHog.Hosting.Orchestration;

namespace PostHog.Dashboard.Api;

/// <summary>Resources and their console output, read live from the AppHost's notification and logger services.</summary>
internal static class ResourceEndpoints
{
    public static void MapResourceApi(this IEndpointRouteBuilder endpoints, ResourceNotificationService? notifications, ResourceLoggerService? logs, ResourceCommandService? commands)
    {
        endpoints.MapGet("/api/resources", () => notifications is null
            ? Array.Empty<ResourceView>()
            : notifications.GetCurrent().OrderBy(e => e.Resource.Name, StringComparer.Ordinal).ThenBy(e => e.Snapshot.ReplicaIndex).Select(e => ResourceView.From(e, commands)).ToArray());

        endpoints.MapGet("/api/resources/stream", (HttpContext context) => notifications is null
            ? Task.CompletedTask
            : ServerSentEvents.StreamAsync(context, Select(notifications.WatchAsync(context.RequestAborted), e => ResourceView.From(e, commands))));

        // Stop/start/restart (the AppHost's ResourceCommandService); the login cookie is SameSite=Strict, so no cross-site POST.
        endpoints.MapPost("/api/resources/{name}/commands/{command}", async (string name, string command, CancellationToken cancellationToken) =>
        {
            if (commands is null)
            {
                return Results.NotFound();
            }

            var result = await commands.ExecuteCommandAsync(name, command, cancellationToken).ConfigureAwait(false);
            return result.Success ? Results.Ok(result) : Results.BadRequest(result);
        });

        endpoints.MapGet("/api/console/{id}", (string id, string? q) => logs is null
            ? Array.Empty<ResourceLogLine>()
            : logs.GetTail(id).Where(l => string.IsNullOrEmpty(q) || l.Content.Contains(q, StringComparison.OrdinalIgnoreCase)).ToArray());

        endpoints.MapGet("/api/console/{id}/stream", (HttpContext context, string id) => logs is null
            ? Task.CompletedTask
            : ServerSentEvents.StreamAsync(context, logs.WatchAsync(id, context.RequestAborted)));
    }

    private static async IAsyncEnumerable<TOut> Select<TIn, TOut>(IAsyncEnumerable<TIn> source, Func<TIn, TOut> map)
    {
        await foreach (var item in source.ConfigureAwait(false))
        {
            yield return map(item);
        }
    }
}
