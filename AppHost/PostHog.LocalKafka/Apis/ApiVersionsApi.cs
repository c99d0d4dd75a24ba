using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Apis;

/// <summary>
/// ApiVersions v0–2 (empty request; error, [key, min, max], throttle v1+). Only non-flexible versions are advertised;
/// a newer request (librdkafka opens with v3) gets <see cref="WriteUnsupportedFallback"/>.
/// </summary>
public sealed class ApiVersionsApi(IServiceProvider services) : IApiHandler
{
    private IReadOnlyList<IApiHandler>? _handlers;

    public ApiKey Key => ApiKey.ApiVersions;
    public short MinVersion => 0;
    public short MaxVersion => 2;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        _handlers ??= [.. services.GetServices<IApiHandler>().OrderBy(h => h.Key)];
        var w = request.CreateResponse(_handlers.Count * 6 + 16);
        w.WriteError(ErrorCode.None);
        w.WriteArrayCount(_handlers.Count);
        foreach (var handler in _handlers)
        {
            w.WriteInt16((short)handler.Key);
            w.WriteInt16(handler.MinVersion);
            w.WriteInt16(handler.MaxVersion);
        }
        if (request.Version >= 1) w.WriteInt32(0);
        return ValueTask.FromResult<KafkaWriter?>(w);
    }

    /// <summary>
    /// KIP-511: an ApiVersions request newer than supported is answered in v0 format with UNSUPPORTED_VERSION and only
    /// the ApiVersions range, without parsing its (flexible) body; clients then retry with a version from that range.
    /// </summary>
    public static KafkaWriter WriteUnsupportedFallback(int correlationId)
    {
        var w = new KafkaWriter(correlationId, 32);
        w.WriteError(ErrorCode.UnsupportedVersion);
        w.WriteArrayCount(1);
        w.WriteInt16((short)ApiKey.ApiVersions);
        w.WriteInt16(0);
        w.WriteInt16(2);
        return w;
    }
}
