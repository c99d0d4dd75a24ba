using System.Buffers;
using System.Buffers.Binary;

namespace PostHog.LocalKafka.Storage;

/// <summary>
/// One segment of a partition log: <c>{baseOffset:D20}.log</c> holds the batches back to back (Kafka's own segment
/// layout), <c>.index</c> holds one 32-byte <see cref="BatchEntry"/> per batch. The log is the truth; the index is a
/// start-up shortcut that is rebuilt whenever it disagrees with the log.
/// </summary>
public sealed class Segment : IDisposable
{
    private readonly FileStream _log;   // unbuffered: every append is one write(2); Flush(true) is fsync
    private readonly FileStream _index; // buffered; never fsynced because recovery can rebuild it
    private readonly List<BatchEntry> _entries;
    private long _flushedSize;

    private Segment(string directory, long baseOffset, List<BatchEntry> entries, long size)
    {
        BaseOffset = baseOffset;
        LogPath = Path.Combine(directory, $"{baseOffset:D20}.log");
        IndexPath = Path.Combine(directory, $"{baseOffset:D20}.index");
        _log = new FileStream(LogPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 0);
        _index = new FileStream(IndexPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 8192);
        _entries = entries;
        Size = size;
        _flushedSize = size;
        NextOffset = entries.Count == 0 ? baseOffset : entries[^1].LastOffset + 1;
        MaxTimestamp = entries.Count == 0 ? -1 : entries.Max(e => e.MaxTimestamp);
        LastWriteUtc = File.GetLastWriteTimeUtc(LogPath);
    }

    public long BaseOffset { get; }
    public string LogPath { get; }
    public string IndexPath { get; }
    public long Size { get; private set; }
    public long NextOffset { get; private set; }
    public long MaxTimestamp { get; private set; }
    public DateTime LastWriteUtc { get; private set; }
    public IReadOnlyList<BatchEntry> Entries => _entries;
    public bool HasUnflushedData => Volatile.Read(ref _flushedSize) != Size;

    public static Segment Create(string directory, long baseOffset)
    {
        var segment = new Segment(directory, baseOffset, [], 0);
        segment._log.SetLength(0);
        segment._index.SetLength(0);
        return segment;
    }

    /// <summary>
    /// Opens an existing segment. With <paramref name="verify"/> (the active segment) every batch is re-read and its
    /// CRC checked; the log is truncated at the first torn or corrupt batch. Older segments trust a consistent index.
    /// </summary>
    public static Segment Open(string directory, long baseOffset, bool verify, Action<RecordBatch, long>? onBatch, out long truncatedBytes)
    {
        var logPath = Path.Combine(directory, $"{baseOffset:D20}.log");
        var indexPath = Path.Combine(directory, $"{baseOffset:D20}.index");
        var logLength = new FileInfo(logPath).Length;
        truncatedBytes = 0;
        var entries = verify ? null : TryReadIndex(indexPath, baseOffset, logLength);
        var validLength = logLength;
        if (entries is null)
        {
            entries = Scan(logPath, baseOffset, logLength, onBatch, out validLength);
            truncatedBytes = logLength - validLength;
        }
        var segment = new Segment(directory, baseOffset, entries, validLength);
        if (truncatedBytes > 0)
        {
            segment._log.SetLength(validLength);
            segment._log.Flush(true);
        }
        segment.RewriteIndex();
        return segment;
    }

    private static List<BatchEntry>? TryReadIndex(string indexPath, long baseOffset, long logLength)
    {
        if (!File.Exists(indexPath)) return null;
        var bytes = File.ReadAllBytes(indexPath);
        if (bytes.Length % BatchEntry.IndexEntrySize != 0) return null;
        var entries = new List<BatchEntry>(bytes.Length / BatchEntry.IndexEntrySize);
        long expectedPosition = 0, expectedOffset = baseOffset;
        for (var i = 0; i < bytes.Length; i += BatchEntry.IndexEntrySize)
        {
            var span = bytes.AsSpan(i);
            var entry = new BatchEntry(
                BaseOffset: BinaryPrimitives.ReadInt64BigEndian(span),
                LastOffset: BinaryPrimitives.ReadInt64BigEndian(span) + BinaryPrimitives.ReadInt32BigEndian(span[20..]),
                Position: BinaryPrimitives.ReadInt64BigEndian(span[8..]),
                Size: BinaryPrimitives.ReadInt32BigEndian(span[16..]),
                MaxTimestamp: BinaryPrimitives.ReadInt64BigEndian(span[24..]));
            if (entry.Position != expectedPosition || entry.BaseOffset != expectedOffset) return null;
            expectedPosition += entry.Size;
            expectedOffset = entry.LastOffset + 1;
            entries.Add(entry);
        }
        return expectedPosition == logLength ? entries : null;
    }

    private static List<BatchEntry> Scan(string logPath, long baseOffset, long logLength, Action<RecordBatch, long>? onBatch, out long validLength)
    {
        var entries = new List<BatchEntry>();
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        long position = 0, expectedOffset = baseOffset;
        try
        {
            while (position + RecordBatch.HeaderSize <= logLength)
            {
                stream.Position = position;
                stream.ReadExactly(buffer, 0, 12);
                var size = RecordBatch.PeekSize(buffer);
                if (size < RecordBatch.HeaderSize || position + size > logLength) break;
                if (size > buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(size);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                    stream.Position = position;
                    stream.ReadExactly(buffer, 0, 12);
                }
                stream.ReadExactly(buffer, 12, size - 12);
                var data = buffer.AsSpan(0, size);
                if (RecordBatch.TryParse(data, out var batch) != Protocol.ErrorCode.None) break;
                if (RecordBatch.ReadBaseOffset(data) != expectedOffset) break;
                entries.Add(new BatchEntry(expectedOffset, expectedOffset + batch.LastOffsetDelta, position, size, batch.MaxTimestamp));
                onBatch?.Invoke(batch, expectedOffset);
                position += size;
                expectedOffset += batch.LastOffsetDelta + 1;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        validLength = position;
        return entries;
    }

    private void RewriteIndex()
    {
        _index.SetLength(0);
        _index.Position = 0;
        foreach (var entry in _entries) WriteIndexEntry(entry);
        _index.Flush();
    }

    private void WriteIndexEntry(BatchEntry entry)
    {
        Span<byte> span = stackalloc byte[BatchEntry.IndexEntrySize];
        BinaryPrimitives.WriteInt64BigEndian(span, entry.BaseOffset);
        BinaryPrimitives.WriteInt64BigEndian(span[8..], entry.Position);
        BinaryPrimitives.WriteInt32BigEndian(span[16..], entry.Size);
        BinaryPrimitives.WriteInt32BigEndian(span[20..], checked((int)(entry.LastOffset - entry.BaseOffset)));
        BinaryPrimitives.WriteInt64BigEndian(span[24..], entry.MaxTimestamp);
        _index.Write(span);
    }

    /// <summary>Appends an already stamped batch. Callers serialize appends (the partition lock).</summary>
    public void Append(ReadOnlySpan<byte> batch, long baseOffset, long lastOffset, long maxTimestamp)
    {
        var entry = new BatchEntry(baseOffset, lastOffset, Size, batch.Length, maxTimestamp);
        RandomAccess.Write(_log.SafeFileHandle, batch, Size);
        WriteIndexEntry(entry);
        _entries.Add(entry);
        Size += batch.Length;
        NextOffset = lastOffset + 1;
        if (maxTimestamp > MaxTimestamp) MaxTimestamp = maxTimestamp;
        LastWriteUtc = DateTime.UtcNow;
    }

    /// <summary>Index of the first batch whose last offset is ≥ <paramref name="offset"/>, or −1.</summary>
    public int FindContaining(long offset)
    {
        int low = 0, high = _entries.Count - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (_entries[mid].LastOffset >= offset) { found = mid; high = mid - 1; }
            else low = mid + 1;
        }
        return found;
    }

    public void Read(long position, Span<byte> destination)
    {
        var read = 0;
        while (read < destination.Length)
        {
            var n = RandomAccess.Read(_log.SafeFileHandle, destination[read..], position + read);
            if (n == 0) throw new IOException($"Unexpected end of {LogPath}.");
            read += n;
        }
    }

    /// <summary>fsyncs the log data written so far (the index is not fsynced: recovery rebuilds it from the log).</summary>
    public void Flush()
    {
        var size = Size;
        if (Volatile.Read(ref _flushedSize) == size) return;
        _log.Flush(flushToDisk: true);
        Volatile.Write(ref _flushedSize, size);
    }

    /// <summary>Hands the buffered index entries to the OS when the segment stops being the active one.</summary>
    public void Seal() => _index.Flush();

    public void Delete()
    {
        Dispose();
        File.Delete(LogPath);
        File.Delete(IndexPath);
    }

    public void Dispose()
    {
        try { _index.Dispose(); } catch (ObjectDisposedException) { }
        _log.Dispose();
    }
}
