using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using PostHog.Dashboard.Storage;

namespace PostHog.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP: POST /v1/traces, /v1/logs, /v1/metrics with application/x-protobuf (what the .NET SDK sends for
/// http/protobuf) or application/json (OTLP/JSON, the JavaScript SDKs' default), optionally gzip-compressed.
/// </summary>
internal static class OtlpHttpEndpoints
{
    private const long MaxBody = 32 * 1024 * 1024;

    public static void MapOtlpHttp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/traces", (HttpContext context, TelemetryStore store)
            => ExportAsync(context, ExportTraceServiceRequest.Parser, r => store.Add(OtlpConverter.Convert(r)), new ExportTraceServiceResponse()));
        endpoints.MapPost("/v1/logs", (HttpContext context, TelemetryStore store)
            => ExportAsync(context, ExportLogsServiceRequest.Parser, r => store.Add(OtlpConverter.Convert(r)), new ExportLogsServiceResponse()));
        endpoints.MapPost("/v1/metrics", (HttpContext context, TelemetryStore store)
            => ExportAsync(context, ExportMetricsServiceRequest.Parser, r => store.Add(OtlpConverter.Convert(r)), new ExportMetricsServiceResponse()));
    }

    private static async Task ExportAsync<TRequest>(HttpContext context, MessageParser<TRequest> parser, Action<TRequest> accept, IMessage response)
        where TRequest : IMessage<TRequest>, new()
    {
        var contentType = context.Request.ContentType ?? string.Empty;
        var json = contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
        if (!json && !contentType.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        TRequest request;
        try
        {
            request = json ? OtlpJson.Parse(parser, body) : parser.ParseFrom(body);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or System.Text.Json.JsonException or FormatException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        accept(request);
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (json)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonFormatter.Default.Format(response)).ConfigureAwait(false);
        }
        else
        {
            context.Response.ContentType = "application/x-protobuf";
            await context.Response.Body.WriteAsync(response.ToByteArray()).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        var source = request.Body;
        if (string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            source = new GZipStream(source, CompressionMode.Decompress);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBody)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
