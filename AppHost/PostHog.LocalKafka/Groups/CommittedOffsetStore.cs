using System.Buffers.Binary;
using System.Collections.Concurrent;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Groups;

/// <summary>
/// Committed group offsets, persisted in an append-only file <c>{data-dir}/groups/offsets.log</c> of CRC-checked
/// records (commit or forget-topic). It is replayed and compacted on start-up; a torn tail record is dropped.
/// </summary>
public sealed class CommittedOffsetStore : IFlushTarget, IDisposable
{
    private const byte CommitRecord = 1;
    private const byte ForgetTopicRecord = 2;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<TopicPartition, CommittedOffset>> _groups = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();
    private readonly LogFlusher _flusher;
    private readonly string _path;
    private readonly FileStream _file;

    public CommittedOffsetStore(BrokerOptions options, LogFlusher flusher, TopicRegistry topics, ILogger<CommittedOffsetStore> logger)
    {
        _flusher = flusher;
        var directory = Path.Combine(options.DataDir, "groups");
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "offsets.log");
        var (records, dropped) = Replay();
        if (dropped > 0) logger.LogWarning("Dropped {Bytes} torn bytes at the tail of {Path}", dropped, _path);
        _file = Compact(records, dropped);
        topics.TopicDeleted += topic => ForgetTopic(topic.Name);
    }

    public IEnumerable<string> Groups => _groups.Keys;

    public IReadOnlyDictionary<TopicPartition, CommittedOffset> OffsetsOf(string group) =>
        _groups.TryGetValue(group, out var offsets) ? offsets : new Dictionary<TopicPartition, CommittedOffset>();

    public CommittedOffset? Find(string group, string topic, int partition) =>
        _groups.TryGetValue(group, out var offsets) && offsets.TryGetValue(new(topic, partition), out var committed) ? committed : null;

    /// <summary>Records the commits and completes once they are fsynced.</summary>
    public Task CommitAsync(string group, IReadOnlyList<(TopicPartition Partition, CommittedOffset Offset)> commits)
    {
        if (commits.Count == 0) return Task.CompletedTask;
        using var buffer = new MemoryStream();
        foreach (var (partition, offset) in commits) WriteRecord(buffer, CommitRecord, group, partition.Topic, partition.Partition, offset);
        lock (_writeLock)
        {
            _file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            var offsets = _groups.GetOrAdd(group, _ => new());
            foreach (var (partition, offset) in commits) offsets[partition] = offset;
        }
        return _flusher.FlushAsync(this);
    }

    private void ForgetTopic(string topic)
    {
        using var buffer = new MemoryStream();
        WriteRecord(buffer, ForgetTopicRecord, "", topic, 0, default);
        lock (_writeLock)
        {
            _file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            foreach (var offsets in _groups.Values)
                foreach (var key in offsets.Keys.Where(k => k.Topic == topic).ToList()) offsets.TryRemove(key, out _);
        }
    }

    public void Flush()
    {
        lock (_writeLock) _file.Flush(flushToDisk: true);
    }

    private static void WriteRecord(MemoryStream stream, byte kind, string group, string topic, int partition, CommittedOffset offset)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(kind);
            writer.Write(group);
            writer.Write(topic);
            writer.Write(partition);
            writer.Write(offset.Offset);
            writer.Write(offset.LeaderEpoch);
            writer.Write(offset.Metadata is not null);
            writer.Write(offset.Metadata ?? "");
        }
        Span<byte> header = stackalloc byte[8];
        var bytes = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header, bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32C.Compute(bytes));
        stream.Write(header);
        stream.Write(bytes);
    }

    private (int Records, long DroppedBytes) Replay()
    {
        if (!File.Exists(_path)) return (0, 0);
        var data = File.ReadAllBytes(_path);
        var position = 0;
        var records = 0;
        while (position + 8 <= data.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(position));
            if (length <= 0 || position + 8 + length > data.Length) break;
            var payload = data.AsSpan(position + 8, length);
            if (Crc32C.Compute(payload) != BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(position + 4))) break;
            Apply(data, position + 8, length);
            position += 8 + length;
            records++;
        }
        return (records, data.Length - position);
    }

    private void Apply(byte[] data, int start, int length)
    {
        using var reader = new BinaryReader(new MemoryStream(data, start, length));
        var kind = reader.ReadByte();
        var group = reader.ReadString();
        var topic = reader.ReadString();
        var partition = reader.ReadInt32();
        var offset = reader.ReadInt64();
        var epoch = reader.ReadInt32();
        var hasMetadata = reader.ReadBoolean();
        var metadata = reader.ReadString();
        if (kind == CommitRecord)
            _groups.GetOrAdd(group, _ => new())[new(topic, partition)] = new(offset, epoch, hasMetadata ? metadata : null);
        else if (kind == ForgetTopicRecord)
            foreach (var offsets in _groups.Values)
                foreach (var key in offsets.Keys.Where(k => k.Topic == topic).ToList()) offsets.TryRemove(key, out _);
    }

    /// <summary>Rewrites the file with only the live offsets (atomically, via rename) and opens it for appending.</summary>
    private FileStream Compact(int replayedRecords, long droppedBytes)
    {
        var live = _groups.Sum(g => g.Value.Count);
        if (droppedBytes == 0 && replayedRecords > 0 && replayedRecords == live && File.Exists(_path))
        {
            var existing = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read, 0);
            existing.Seek(0, SeekOrigin.End);
            return existing;
        }
        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            using var buffer = new MemoryStream();
            foreach (var (group, offsets) in _groups)
                foreach (var (partition, offset) in offsets) WriteRecord(buffer, CommitRecord, group, partition.Topic, partition.Partition, offset);
            stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
        var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read, 0);
        file.Seek(0, SeekOrigin.End);
        return file;
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
        }
    }
}
