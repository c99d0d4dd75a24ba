using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Apis;

/// <summary>
/// Produce v3–8 (advertised from 0 so librdkafka &lt; 2.11.1 enables compression). Batches are validated and appended
/// synchronously, in request order; acks=all then waits for the group-commit fsync, acks=1 answers once the data is
/// in the OS page cache (it survives a killed broker), acks=0 gets no response at all.
/// </summary>
public sealed class ProduceApi(TopicRegistry topics, LogFlusher flusher) : IApiHandler
{
    public ApiKey Key => ApiKey.Produce;
    public short MinVersion => 0;
    public short MaxVersion => 8;
    public short MinImplementedVersion => 3;

    private readonly record struct PartitionResult(int Index, ErrorCode Error, long BaseOffset, long LogStartOffset);

    public ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var v = request.Version;
        var body = request.Body;
        var r = new KafkaReader(body);
        var transactionalId = r.ReadNullableString();
        var acks = r.ReadInt16();
        r.ReadInt32(); // timeout: appends never wait on replicas
        var topicCount = r.ReadArrayCount();
        var results = new List<(string Topic, List<PartitionResult> Partitions)>(Math.Max(topicCount, 0));
        HashSet<PartitionLog>? written = null;
        for (var t = 0; t < topicCount; t++)
        {
            var name = r.ReadString();
            var topic = topics.Find(name);
            var partitionCount = r.ReadArrayCount();
            var partitions = new List<PartitionResult>(Math.Max(partitionCount, 0));
            for (var p = 0; p < partitionCount; p++)
            {
                var index = r.ReadInt32();
                var records = r.ReadNullableBytes(out _);
                var start = r.Position - records.Length;
                var log = topic?.Partition(index);
                if (log is null)
                {
                    partitions.Add(new(index, ErrorCode.UnknownTopicOrPartition, -1, -1));
                    continue;
                }
                if (transactionalId is not null)
                {
                    partitions.Add(new(index, ErrorCode.TransactionalIdAuthorizationFailed, -1, -1));
                    continue;
                }
                var error = log.Append(body.Slice(start, records.Length), out var baseOffset);
                partitions.Add(new(index, error, error == ErrorCode.None ? baseOffset : -1, log.LogStartOffset));
                if (error == ErrorCode.None && acks == -1) (written ??= []).Add(log);
            }
            results.Add((name, partitions));
        }

        if (acks == 0) return ValueTask.FromResult<KafkaWriter?>(null);
        var response = Write(request, v, results);
        if (written is null) return ValueTask.FromResult<KafkaWriter?>(response);
        return AwaitFlush(written, response);
    }

    private async ValueTask<KafkaWriter?> AwaitFlush(HashSet<PartitionLog> written, KafkaWriter response)
    {
        try
        {
            if (written.Count == 1) await flusher.FlushAsync(written.First());
            else await Task.WhenAll(written.Select(flusher.FlushAsync));
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static KafkaWriter Write(RequestContext request, short v, List<(string Topic, List<PartitionResult> Partitions)> results)
    {
        var w = request.CreateResponse(64 + results.Sum(t => 32 + t.Partitions.Count * 40));
        w.WriteArrayCount(results.Count);
        foreach (var (topic, partitions) in results)
        {
            w.WriteString(topic);
            w.WriteArrayCount(partitions.Count);
            foreach (var p in partitions)
            {
                w.WriteInt32(p.Index);
                w.WriteError(p.Error);
                w.WriteInt64(p.BaseOffset);
                w.WriteInt64(-1); // log_append_time: CreateTime topics only
                if (v >= 5) w.WriteInt64(p.LogStartOffset);
                if (v >= 8)
                {
                    w.WriteArrayCount(0);
                    w.WriteNullableString(null);
                }
            }
        }
        w.WriteInt32(0);
        return w;
    }
}
