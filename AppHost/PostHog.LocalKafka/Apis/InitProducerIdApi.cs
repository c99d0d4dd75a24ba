using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Apis;

/// <summary>InitProducerId v0–1 for idempotent (not transactional) producers: a fresh, never reused id at epoch 0.</summary>
public sealed class InitProducerIdApi(ProducerIdStore producerIds) : IApiHandler
{
    public ApiKey Key => ApiKey.InitProducerId;
    public short MinVersion => 0;
    public short MaxVersion => 1;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var r = request.CreateReader();
        var transactionalId = r.ReadNullableString();
        r.ReadInt32(); // transaction timeout
        var w = request.CreateResponse(32);
        w.WriteInt32(0);
        if (transactionalId is not null)
        {
            w.WriteError(ErrorCode.TransactionalIdAuthorizationFailed);
            w.WriteInt64(-1);
            w.WriteInt16(-1);
        }
        else
        {
            w.WriteError(ErrorCode.None);
            w.WriteInt64(producerIds.Next());
            w.WriteInt16(0);
        }
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
