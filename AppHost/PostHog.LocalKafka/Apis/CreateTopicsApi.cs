using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Apis;

/// <summary>CreateTopics v0–4: replication factor must be −1 or 1 on a single node; configs are accepted and ignored.</summary>
public sealed class CreateTopicsApi(TopicRegistry topics) : IApiHandler
{
    public ApiKey Key => ApiKey.CreateTopics;
    public short MinVersion => 0;
    public short MaxVersion => 4;

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        var count = r.ReadArrayCount();
        var requested = new List<(string Name, int Partitions, short ReplicationFactor)>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            var name = r.ReadString();
            var partitions = r.ReadInt32();
            var replicationFactor = r.ReadInt16();
            var assignmentCount = r.ReadArrayCount();
            for (var a = 0; a < assignmentCount; a++)
            {
                r.ReadInt32();
                var brokers = r.ReadArrayCount();
                for (var b = 0; b < brokers; b++) r.ReadInt32();
            }
            if (assignmentCount > 0) partitions = assignmentCount;
            var configCount = r.ReadArrayCount();
            for (var c = 0; c < configCount; c++)
            {
                r.ReadString();
                r.ReadNullableString();
            }
            requested.Add((name, partitions, replicationFactor));
        }
        r.ReadInt32(); // timeout
        var validateOnly = v >= 1 && r.ReadBoolean();

        var w = request.CreateResponse(64 + requested.Sum(t => t.Name.Length + 64));
        if (v >= 2) w.WriteInt32(0);
        w.WriteArrayCount(requested.Count);
        foreach (var (name, partitions, replicationFactor) in requested)
        {
            var error = replicationFactor is not (-1 or 1) ? ErrorCode.InvalidReplicationFactor
                : !TopicRegistry.IsValidName(name) ? ErrorCode.InvalidTopic
                : partitions is 0 or < -1 ? ErrorCode.InvalidPartitions
                : validateOnly ? (topics.Find(name) is null ? ErrorCode.None : ErrorCode.TopicAlreadyExists)
                : topics.Create(name, partitions, out _);
            w.WriteString(name);
            w.WriteError(error);
            if (v >= 1) w.WriteNullableString(error == ErrorCode.None ? null : error.ToString());
        }
        return ValueTask.FromResult<KafkaWriter?>(w);
    }
}
