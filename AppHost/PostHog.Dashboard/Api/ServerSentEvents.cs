using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PostHog.Dashboard.Api;

/// <summary>Writes a live feed as text/event-stream, one JSON object per event, until the browser goes away.</summary>
internal static class ServerSentEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task StreamAsync<T>(HttpContext context, IAsyncEnumerable<T> items)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await foreach (var item in items.WithCancellation(context.RequestAborted).ConfigureAwait(false))
            {
                await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(item, Json)}\n\n", context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }
}
