using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace PostHog.Web.Api;

/// <summary>Writes <see cref="ApiError"/>s (and anything unexpected) under <c>/api</c> as DRF error JSON, never an HTML page.</summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.ContentLength is null or 0 && context.Response.ContentType is null)
            {
                // Routing's bare 404/405 (unknown path, method not mapped), in DRF's JSON like everything else.
                if (context.Response.StatusCode == StatusCodes.Status404NotFound) await WriteAsync(context, 404, ApiError.NotFound().ToJson());
                else if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
                {
                    await WriteAsync(context, 405, new ApiError(405, "invalid_request", "method_not_allowed", $"Method \"{context.Request.Method}\" not allowed.").ToJson());
                }
            }
        }
        catch (ApiError error) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, error.Status, error.ToJson());
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            // Malformed form bodies, oversized requests: the client's fault, answered as DRF's parse error.
            await WriteAsync(context, StatusCodes.Status400BadRequest, ApiError.ParseError(exception.Message).ToJson());
        }
        catch (PostgresException exception) when (!context.Response.HasStarted && exception.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22 (data exception): input Postgres cannot store, e.g. a NUL character in text or JSON.
            var detail = exception.SqlState is PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.CharacterNotInRepertoire
                ? "Null characters are not allowed."
                : exception.MessageText;
            await WriteAsync(context, StatusCodes.Status400BadRequest, ApiError.Validation(detail, null, "invalid_input").ToJson());
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(exception, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError,
                new ApiError(500, "server_error", "error", "A server error occurred.").ToJson());
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(ApiJson.Options));
    }
}

internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static IResult Ok(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(Options), "application/json", statusCode: status);
}
