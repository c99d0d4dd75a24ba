using System.Buffers;
using Microsoft.Extensions.Options;
using PostHog.Decide.Requests;
using PostHog.Decide.Responses;
using PostHog.RequestDecoding;

namespace PostHog.Decide.Endpoints;

/// <summary>
/// /flags and /decide (spec §2.1–2.3). Bodies are decoded exactly like capture's (the shared <see cref="RequestDecoder"/>: JSON, base64,
/// gzip by hint or magic bytes, form <c>data=</c>, <c>compression</c>); GET without a payload answers config only.
/// </summary>
public static class FlagsEndpoints
{
    public static void MapFlagsEndpoints(this IEndpointRouteBuilder app)
    {
        // The handler's services are singletons: taken from the root provider once, so a request opens no DI scope.
        var services = app.ServiceProvider;
        Dependencies? dependencies = null;
        foreach (var (pattern, decide) in (ReadOnlySpan<(string, bool)>)[("/flags", false), ("/decide", true)])
        {
            app.MapMethods(pattern, ["GET", "POST"], (HttpContext context) =>
            {
                var (evaluation, decoder, options) = dependencies ??= new Dependencies(
                    services.GetRequiredService<FlagsEvaluation>(), services.GetRequiredService<RequestDecoder>(),
                    services.GetRequiredService<IOptions<DecideOptions>>().Value);
                return HandleAsync(context, decide, evaluation, decoder, options);
            });
            app.MapMethods(pattern, ["HEAD"], (HttpContext context) =>
            {
                SdkCors.Apply(context);
                return Results.Json(new { });
            });
            app.MapMethods(pattern, ["OPTIONS"], (HttpContext context) =>
            {
                SdkCors.Apply(context);
                context.Response.Headers.Allow = "GET, POST, OPTIONS, HEAD";
                return Results.NoContent();
            });
        }
    }

    private sealed record Dependencies(FlagsEvaluation Evaluation, RequestDecoder Decoder, DecideOptions Options);

    /// <summary>The first value, or null (what <c>FirstOrDefault()</c> gave, without boxing the StringValues).</summary>
    private static string? First(Microsoft.Extensions.Primitives.StringValues values) => values.Count > 0 ? values[0] : null;

    private static async Task HandleAsync(HttpContext context, bool decide, FlagsEvaluation evaluation, RequestDecoder decoder, DecideOptions options)
    {
        SdkCors.Apply(context);
        var query = context.Request.Query;
        var version = First(query["v"]);
        var format = ResponseFormats.For(decide, FlagRequestParser.Version(version));
        var includeConfig = ResponseFormats.IncludeConfig(decide, version, First(query["config"]));
        FlagsOutcome outcome;
        try
        {
            var body = await ReadAsync(context, decoder, options);
            if (body is null)
            {
                outcome = FlagsOutcome.None; // GET without a payload: the config and no flags
            }
            else
            {
                var request = FlagRequestParser.Parse(body.Value);
                if (string.IsNullOrEmpty(request.Token) && First(query["token"]) is { Length: > 0 } token)
                    request = new FlagRequest
                    {
                        Token = token, DistinctId = request.DistinctId, AnonDistinctId = request.AnonDistinctId, DeviceId = request.DeviceId,
                        Groups = request.Groups, PersonProperties = request.PersonProperties, GroupProperties = request.GroupProperties,
                        FlagKeys = request.FlagKeys, DisableFlags = request.DisableFlags, EvaluationRuntime = request.EvaluationRuntime,
                    };
                outcome = await evaluation.EvaluateAsync(request, context.RequestAborted);
            }
        }
        catch (DecideException e)
        {
            await e.Error.ToResult().ExecuteAsync(context);
            return;
        }

        // The answer is built in this thread's buffer and copied into the response pipe before any await, so the
        // buffer is free again at once; a growing buffer per request cost more than the evaluation (copies, GC).
        var buffer = t_answer ??= new ArrayBufferWriter<byte>(AnswerBufferBytes);
        buffer.ResetWrittenCount();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        FlagsResponseWriter.Write(buffer, outcome, format, includeConfig, RequestId.NewVersion7(now), now);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        context.Response.BodyWriter.Write(buffer.WrittenSpan);
        if (buffer.Capacity > MaxKeptBufferBytes) t_answer = null; // one huge answer must not pin memory on every thread
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private const int AnswerBufferBytes = 32 * 1024;
    private const int MaxKeptBufferBytes = 1024 * 1024;
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_answer;

    /// <summary>The decoded JSON bytes, or null for a GET without a payload.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContext context, RequestDecoder decoder, DecideOptions options)
    {
        var request = context.Request;
        var queryData = First(request.Query["data"]);
        try
        {
            var body = HttpMethods.IsPost(request.Method) ? await RequestBody.ReadAsync(request, options.BodyLimitBytes, context.RequestAborted) : ReadOnlyMemory<byte>.Empty;
            if (body.IsEmpty && string.IsNullOrEmpty(queryData))
            {
                if (HttpMethods.IsGet(request.Method)) return null;
                throw new DecideException(DecideError.Malformed("request body is empty"));
            }
            return decoder.Decode(new EncodedRequest(body, request.ContentType, First(request.Headers.ContentEncoding), queryData,
                First(request.Query["compression"])), options.BodyLimitBytes);
        }
        catch (RequestDecodingException e)
        {
            throw new DecideException(e.Status == 413 ? DecideError.TooLarge(e.Message) : DecideError.Malformed(e.Message));
        }
    }
}
