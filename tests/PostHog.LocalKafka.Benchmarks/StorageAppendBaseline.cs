using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Benchmarks;

/// <summary>
/// The broker's own storage path without the network: validate (CRC-32C), stamp and append librdkafka-sized
/// (~1 MB, 1,000 × 1 KB records) batches to a <see cref="PartitionLog"/>, fsyncing after each, in-process.
/// </summary>
public static class StorageAppendBaseline
{
    public static (double MegabytesPerSecond, double MessagesPerSecond) Measure(string directory, long totalBytes, int messageSize)
    {
        const int recordsPerBatch = 1000;
        var batch = CreateBatch(recordsPerBatch, recordsPerBatch * messageSize);
        var batches = Math.Max(1, totalBytes / (recordsPerBatch * messageSize));
        var path = Path.Combine(directory, "storage-baseline");
        using var log = new PartitionLog("baseline", 0, path, 256L * 1024 * 1024, NullLogger.Instance);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < batches; i++)
        {
            if (log.Append(batch, out _) != ErrorCode.None) throw new InvalidOperationException("baseline batch rejected");
            log.Flush();
        }
        watch.Stop();
        log.DeleteFiles();
        return (batches * (double)batch.Length / 1e6 / watch.Elapsed.TotalSeconds, batches * recordsPerBatch / watch.Elapsed.TotalSeconds);
    }

    /// <summary>A magic-2 batch header over opaque record bytes: the broker never looks inside the records.</summary>
    private static byte[] CreateBatch(int recordCount, int recordBytes)
    {
        var batch = new byte[61 + recordBytes];
        var span = batch.AsSpan();
        Random.Shared.NextBytes(span[61..]);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], batch.Length - 12);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], -1);
        span[16] = 2;
        BinaryPrimitives.WriteInt32BigEndian(span[23..], recordCount - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[43..], -1);
        BinaryPrimitives.WriteInt16BigEndian(span[51..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[53..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[57..], recordCount);
        BinaryPrimitives.WriteUInt32BigEndian(span[17..], Crc32C.Compute(span[21..]));
        return batch;
    }
}
