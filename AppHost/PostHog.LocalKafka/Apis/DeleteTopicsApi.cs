using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Apis;

/// <summary>DeleteTopics v0–3: removes the files and the topic's committed offsets.</summary>
public sealed class DeleteTopicsApi(TopicRegistry topics) : IApiHandler
{
    public ApiKey Key => ApiKey.DeleteTopics;
    public short MinVersion => 0;
    public short MaxVersion => 3;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var r = request.CreateReader();
        var count = r.ReadArrayCount();
        var names = new List<string>(Math.Max(count, 0));
        for (var i = 0; i < count; i++) names.Add(r.ReadString());
        r.ReadInt32(); // timeout
        var w = request.CreateResponse(64 + names.Sum(n => n.Length + 8));
        if (request.Version >= 1) w.WriteInt32(0);
        w.WriteArrayCount(names.Count);
        foreach (var name in names)
        {
            w.WriteString(name);
            w.WriteError(topics.Delete(name));
        }
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
