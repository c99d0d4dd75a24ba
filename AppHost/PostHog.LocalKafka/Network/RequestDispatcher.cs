using System.Buffers.Binary;
using System.Diagnostics;
using PostHog.LocalKafka.Apis;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Telemetry;

namespace PostHog.LocalKafka.Network;

/// <summary>
/// Reads a request header and starts its handler. Unknown API keys and versions that were never advertised close
/// the connection (as Kafka does); a too-new ApiVersions request gets the KIP-511 v0 fallback instead.
/// </summary>
public sealed class RequestDispatcher
{
    private readonly IApiHandler?[] _handlers = new IApiHandler?[64];
    private readonly BrokerMetrics _metrics;

    public RequestDispatcher(IEnumerable<IApiHandler> handlers, BrokerMetrics metrics)
    {
        _metrics = metrics;
        foreach (var handler in handlers) _handlers[(int)handler.Key] = handler;
    }

    /// <summary>Takes ownership of <paramref name="frame"/> (returned to the pool when handled).</summary>
    public Task<KafkaWriter?> Dispatch(byte[] frame, int length, string clientHost, CancellationToken connectionClosed)
    {
        var apiKey = (ApiKey)BinaryPrimitives.ReadInt16BigEndian(frame);
        var version = BinaryPrimitives.ReadInt16BigEndian(frame.AsSpan(2));
        var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(4));
        var handler = (uint)apiKey < (uint)_handlers.Length ? _handlers[(int)apiKey] : null;
        if (handler is null)
            throw new ProtocolException($"Unknown API key {(short)apiKey}.");
        if (version > handler.MaxVersion || version < handler.MinImplementedVersion)
        {
            if (apiKey == ApiKey.ApiVersions && version > handler.MaxVersion)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(frame);
                return Task.FromResult<KafkaWriter?>(ApiVersionsApi.WriteUnsupportedFallback(correlationId));
            }
            throw new ProtocolException($"Unsupported version {version} of {apiKey}.");
        }
        var header = new KafkaReader(frame.AsSpan(8, length - 8));
        var clientId = header.ReadNullableString() ?? "";
        var context = new RequestContext(apiKey, version, correlationId, clientId, clientHost, frame, 8 + header.Position, length, connectionClosed);
        return Run(handler, context);
    }

    private async Task<KafkaWriter?> Run(IApiHandler handler, RequestContext context)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = BrokerMetrics.ActivitySource.StartActivity($"kafka {context.ApiKey}", ActivityKind.Server);
        activity?.SetTag("kafka.api_version", context.Version);
        activity?.SetTag("kafka.client_id", context.ClientId);
        try
        {
            return await handler.HandleAsync(context);
        }
        finally
        {
            context.ReturnBuffer();
            _metrics.RequestHandled(context.ApiKey, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
