using System.Buffers;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Network;

/// <summary>One request: its header fields and its body, in a pooled buffer that is returned once it is handled.</summary>
public sealed class RequestContext(
    ApiKey apiKey, short version, int correlationId, string clientId, string clientHost,
    byte[] frame, int bodyStart, int frameLength, CancellationToken connectionClosed)
{
    public ApiKey ApiKey { get; } = apiKey;
    public short Version { get; } = version;
    public int CorrelationId { get; } = correlationId;
    public string ClientId { get; } = clientId;
    public string ClientHost { get; } = clientHost;
    public CancellationToken ConnectionClosed { get; } = connectionClosed;

    /// <summary>The request body; writable because Produce stamps offsets into the batches in place.</summary>
    public Span<byte> Body => frame.AsSpan(bodyStart, frameLength - bodyStart);

    public KafkaReader CreateReader() => new(Body);

    public KafkaWriter CreateResponse(int capacity = 256) => new(CorrelationId, capacity);

    public void ReturnBuffer()
    {
        if (frame.Length > 0) ArrayPool<byte>.Shared.Return(frame);
        frame = [];
    }
}
