using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Storage;

/// <summary>
/// The log of one partition: an ordered list of <see cref="Segment"/>s, the log end offset, the idempotent-producer
/// window and a signal that wakes long-polling fetches on every append.
/// </summary>
public sealed class PartitionLog : IFlushTarget, IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Segment> _segments = [];
    private readonly ProducerStateTable _producers = new();
    private readonly string _directory;
    private readonly long _segmentBytes;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _logEndOffset;

    public PartitionLog(string topic, int partition, string directory, long segmentBytes, ILogger logger)
    {
        Topic = topic;
        Partition = partition;
        _directory = directory;
        _segmentBytes = segmentBytes;
        Directory.CreateDirectory(directory);
        var baseOffsets = Directory.GetFiles(directory, "*.log")
            .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), out var b) ? b : -1)
            .Where(b => b >= 0).Order().ToList();
        for (var i = 0; i < baseOffsets.Count; i++)
        {
            var isActive = i == baseOffsets.Count - 1;
            var segment = Segment.Open(directory, baseOffsets[i], verify: isActive,
                isActive ? (batch, offset) => _producers.Record(batch, offset) : null, out var truncated);
            if (truncated > 0)
                logger.LogWarning("Truncated {Bytes} torn or corrupt bytes at the tail of {Log}", truncated, segment.LogPath);
            _segments.Add(segment);
        }
        if (_segments.Count == 0) _segments.Add(Segment.Create(directory, 0));
        _logEndOffset = _segments[^1].NextOffset;
    }

    public string Topic { get; }
    public int Partition { get; }
    public long LogEndOffset => Volatile.Read(ref _logEndOffset);
    public long LogStartOffset { get { lock (_lock) return _segments[0].Entries.Count > 0 ? _segments[0].Entries[0].BaseOffset : _segments[0].BaseOffset; } }
    public bool HasUnflushedData { get { lock (_lock) return _segments.Any(s => s.HasUnflushedData); } }

    /// <summary>Completes on the next append; fetches await it instead of polling.</summary>
    public Task WhenAppended => Volatile.Read(ref _appended).Task;

    /// <summary>
    /// Validates every batch in <paramref name="records"/>, then stamps and appends them. Returns the first assigned
    /// offset; an exact idempotent retry returns the offset it got the first time and appends nothing.
    /// </summary>
    public ErrorCode Append(Span<byte> records, out long baseOffset)
    {
        baseOffset = -1;
        if (records.Length == 0) return ErrorCode.CorruptMessage;
        lock (_lock)
        {
            var batchCount = 0;
            for (var position = 0; position < records.Length; batchCount++)
            {
                var error = RecordBatch.TryParse(records[position..], out var batch);
                if (error != ErrorCode.None) return error;
                error = _producers.Check(batch, out var duplicateOffset);
                if (error == ErrorCode.DuplicateSequenceNumber && position == 0 && batch.Size == records.Length)
                {
                    baseOffset = duplicateOffset;
                    return ErrorCode.None;
                }
                if (error != ErrorCode.None) return error;
                position += batch.Size;
            }

            baseOffset = _logEndOffset;
            for (var position = 0; position < records.Length;)
            {
                RecordBatch.TryParse(records[position..], out var batch);
                var data = records.Slice(position, batch.Size);
                var offset = _logEndOffset;
                RecordBatch.Stamp(data, offset);
                var active = _segments[^1];
                if (active.Size > 0 && active.Size + data.Length > _segmentBytes)
                {
                    active.Seal();
                    active = Segment.Create(_directory, offset);
                    _segments.Add(active);
                }
                active.Append(data, offset, offset + batch.LastOffsetDelta, batch.MaxTimestamp);
                _producers.Record(batch, offset);
                Volatile.Write(ref _logEndOffset, offset + batch.LastOffsetDelta + 1);
                position += batch.Size;
            }
            var appended = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            appended.TrySetResult();
            return ErrorCode.None;
        }
    }

    /// <summary>Bytes stored from the batch containing <paramref name="offset"/> to the end of the log.</summary>
    public long BytesAvailable(long offset)
    {
        if (offset >= LogEndOffset) return 0;
        lock (_lock)
        {
            long total = 0;
            for (var i = _segments.Count - 1; i >= 0; i--)
            {
                var segment = _segments[i];
                if (segment.NextOffset <= offset) break;
                var index = segment.FindContaining(offset);
                total += index < 0 ? 0 : segment.Size - segment.Entries[index].Position;
                if (segment.BaseOffset <= offset) break;
            }
            return total;
        }
    }

    /// <summary>
    /// Writes the whole batch containing <paramref name="offset"/> and the following ones into
    /// <paramref name="writer"/>, up to <paramref name="maxBytes"/>; the first batch is written even if it alone is
    /// larger when <paramref name="atLeastOne"/> is set. Returns the number of bytes written.
    /// </summary>
    public int ReadInto(long offset, int maxBytes, bool atLeastOne, KafkaWriter writer)
    {
        lock (_lock)
        {
            var written = 0;
            foreach (var segment in _segments)
            {
                if (segment.NextOffset <= offset) continue;
                var start = segment.FindContaining(offset);
                if (start < 0) continue;
                var entries = segment.Entries;
                var end = start;
                long length = 0;
                while (end < entries.Count)
                {
                    var size = entries[end].Size;
                    if (written + length + size > maxBytes && !(atLeastOne && written == 0 && end == start)) break;
                    length += size;
                    end++;
                }
                if (length == 0) break;
                segment.Read(entries[start].Position, writer.GetSpan((int)length));
                writer.Advance((int)length);
                written += (int)length;
                if (end < entries.Count) break;
                offset = segment.NextOffset;
            }
            return written;
        }
    }

    /// <summary>First offset whose batch has a max timestamp ≥ <paramref name="timestamp"/>, or −1.</summary>
    public long OffsetForTimestamp(long timestamp)
    {
        lock (_lock)
        {
            foreach (var segment in _segments)
            {
                if (segment.MaxTimestamp < timestamp) continue;
                foreach (var entry in segment.Entries)
                    if (entry.MaxTimestamp >= timestamp) return entry.BaseOffset;
            }
            return -1;
        }
    }

    /// <summary>Deletes whole non-active segments beyond the size budget or older than the age limit.</summary>
    public int ApplyRetention(long retentionBytes, long retentionMs, long nowMs)
    {
        lock (_lock)
        {
            var deleted = 0;
            while (_segments.Count > 1)
            {
                var oldest = _segments[0];
                var totalSize = _segments.Sum(s => s.Size);
                var tooBig = retentionBytes > 0 && totalSize - oldest.Size >= retentionBytes;
                var tooOld = retentionMs > 0 && oldest.MaxTimestamp >= 0 && oldest.MaxTimestamp < nowMs - retentionMs;
                if (!tooBig && !tooOld) break;
                oldest.Delete();
                _segments.RemoveAt(0);
                deleted++;
            }
            return deleted;
        }
    }

    public void Flush()
    {
        Segment[] segments;
        lock (_lock) segments = [.. _segments.Where(s => s.HasUnflushedData)];
        foreach (var segment in segments)
        {
            try { segment.Flush(); }
            catch (ObjectDisposedException) { } // deleted by retention or topic deletion meanwhile
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var segment in _segments) segment.Dispose();
            _appended.TrySetResult();
        }
    }

    public void DeleteFiles()
    {
        Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
