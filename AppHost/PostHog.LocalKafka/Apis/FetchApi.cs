using PostHog.LocalKafka.Network;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Apis;

/// <summary>
/// Fetch v4–11. Long-polls until min_bytes are available or max_wait_ms passes (woken by appends, never by polling),
/// and returns whole stored batches starting with the one that contains the fetch offset; clients skip the records
/// below it. Sessions are not supported: session id 0 tells clients to keep sending full fetches.
/// </summary>
public sealed class FetchApi(TopicRegistry topics) : IApiHandler
{
    public ApiKey Key => ApiKey.Fetch;
    public short MinVersion => 4;
    public short MaxVersion => 11;

    private sealed record PartitionRequest(int Index, long FetchOffset, int MaxBytes);

    private sealed record FetchRequest(int MaxWaitMs, int MinBytes, int MaxBytes, List<(string Topic, List<PartitionRequest> Partitions)> Topics);

    public async ValueTask<KafkaWriter?> HandleAsync(RequestContext request)
    {
        var fetch = Parse(request);
        var deadline = Environment.TickCount64 + Math.Max(0, fetch.MaxWaitMs);
        while (true)
        {
            var signals = new List<Task>();
            long available = 0;
            var hasError = false;
            foreach (var (topicName, partitions) in fetch.Topics)
            {
                var topic = topics.Find(topicName);
                foreach (var p in partitions)
                {
                    var log = topic?.Partition(p.Index);
                    if (log is null || p.FetchOffset > log.LogEndOffset || p.FetchOffset < log.LogStartOffset) { hasError = true; continue; }
                    signals.Add(log.WhenAppended);
                    available += log.BytesAvailable(p.FetchOffset);
                }
            }
            var remaining = deadline - Environment.TickCount64;
            if (hasError || available >= Math.Max(1, fetch.MinBytes) || remaining <= 0 || signals.Count == 0 || request.ConnectionClosed.IsCancellationRequested)
                return Write(request, fetch);
            try
            {
                await Task.WhenAny(signals).WaitAsync(TimeSpan.FromMilliseconds(remaining), request.ConnectionClosed);
            }
            catch (TimeoutException) { }
            catch (OperationCanceledException) { }
        }
    }

    private static FetchRequest Parse(RequestContext request)
    {
        var v = request.Version;
        var r = request.CreateReader();
        r.ReadInt32(); // replica id
        var maxWait = r.ReadInt32();
        var minBytes = r.ReadInt32();
        var maxBytes = r.ReadInt32();
        r.ReadInt8(); // isolation level: no transactions, so committed == uncommitted
        if (v >= 7)
        {
            r.ReadInt32(); // session id
            r.ReadInt32(); // session epoch
        }
        var topicCount = r.ReadArrayCount();
        var result = new List<(string, List<PartitionRequest>)>(Math.Max(topicCount, 0));
        for (var t = 0; t < topicCount; t++)
        {
            var name = r.ReadString();
            var partitionCount = r.ReadArrayCount();
            var partitions = new List<PartitionRequest>(Math.Max(partitionCount, 0));
            for (var p = 0; p < partitionCount; p++)
            {
                var index = r.ReadInt32();
                if (v >= 9) r.ReadInt32(); // current leader epoch
                var offset = r.ReadInt64();
                if (v >= 5) r.ReadInt64(); // follower log start offset
                partitions.Add(new(index, offset, r.ReadInt32()));
            }
            result.Add((name, partitions));
        }
        // forgotten_topics (v7+) and rack_id (v11+) only matter for sessions and replicas; they are not read.
        return new FetchRequest(maxWait, minBytes, maxBytes <= 0 ? int.MaxValue : maxBytes, result);
    }

    private KafkaWriter Write(RequestContext request, FetchRequest fetch)
    {
        var v = request.Version;
        var w = request.CreateResponse(4096);
        w.WriteInt32(0); // throttle
        if (v >= 7)
        {
            w.WriteError(ErrorCode.None);
            w.WriteInt32(0); // session id: sessionless
        }
        var budget = fetch.MaxBytes;
        var total = 0;
        w.WriteArrayCount(fetch.Topics.Count);
        foreach (var (topicName, partitions) in fetch.Topics)
        {
            var topic = topics.Find(topicName);
            w.WriteString(topicName);
            w.WriteArrayCount(partitions.Count);
            foreach (var p in partitions)
            {
                var log = topic?.Partition(p.Index);
                var error = log is null ? ErrorCode.UnknownTopicOrPartition
                    : p.FetchOffset > log.LogEndOffset || p.FetchOffset < log.LogStartOffset ? ErrorCode.OffsetOutOfRange
                    : ErrorCode.None;
                var highWatermark = log?.LogEndOffset ?? -1;
                w.WriteInt32(p.Index);
                w.WriteError(error);
                w.WriteInt64(highWatermark);
                w.WriteInt64(highWatermark); // last stable offset
                if (v >= 5) w.WriteInt64(log?.LogStartOffset ?? -1);
                w.WriteArrayCount(0); // aborted transactions
                if (v >= 11) w.WriteInt32(-1); // preferred read replica: must be -1 or librdkafka redirects
                var sizePosition = w.ReserveInt32(); // records: never null, clients reject a negative size
                if (error == ErrorCode.None && p.FetchOffset < highWatermark && budget - total > 0)
                {
                    // KIP-74: a partition always gets its first whole batch, even one larger than the limits, or it would stall.
                    var limit = Math.Min(p.MaxBytes, budget - total);
                    var written = log!.ReadInto(p.FetchOffset, limit, atLeastOne: true, w);
                    w.PatchInt32(sizePosition, written);
                    total += written;
                }
            }
        }
        return w;
    }
}
