using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Apis;

/// <summary>FindCoordinator v0–2: this node coordinates every group, at the same address Metadata advertises.</summary>
public sealed class FindCoordinatorApi(BrokerOptions options) : IApiHandler
{
    public ApiKey Key => ApiKey.FindCoordinator;
    public short MinVersion => 0;
    public short MaxVersion => 2;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        r.ReadString(); // key
        var keyType = v >= 1 ? r.ReadInt8() : (sbyte)0;
        var w = request.CreateResponse(96);
        if (v >= 1) w.WriteInt32(0);
        var supported = keyType == 0; // transactions are not supported
        w.WriteError(supported ? ErrorCode.None : ErrorCode.CoordinatorNotAvailable);
        if (v >= 1) w.WriteNullableString(supported ? null : "Transactions are not supported by the local broker");
        w.WriteInt32(supported ? BrokerOptions.NodeId : -1);
        w.WriteString(supported ? options.AdvertisedHostName : "");
        w.WriteInt32(supported ? options.BoundPort : -1);
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
