using Microsoft.Extensions.Logging.Abstractions;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Tests;

public sealed class PartitionLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("partition-log-").FullName;

    private PartitionLog Open(long segmentBytes = 1 << 20) => new("t", 0, _directory, segmentBytes, NullLogger.Instance);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int Read(PartitionLog log, long offset, int maxBytes, out byte[] data)
    {
        using var writer = new KafkaWriter(0);
        var before = writer.Length;
        var written = log.ReadInto(offset, maxBytes, atLeastOne: true, writer);
        data = writer.Complete().Span[before..].ToArray();
        return written;
    }

    [Fact]
    public void Appends_assign_consecutive_offsets_and_survive_reopening()
    {
        using (var log = Open())
        {
            Assert.Equal(ErrorCode.None, log.Append(TestBatches.Create(3), out var first));
            Assert.Equal(ErrorCode.None, log.Append(TestBatches.Create(2), out var second));
            Assert.Equal(0, first);
            Assert.Equal(3, second);
            Assert.Equal(5, log.LogEndOffset);
            log.Flush();
        }
        using var reopened = Open();
        Assert.Equal(5, reopened.LogEndOffset);
        Assert.Equal(ErrorCode.None, reopened.Append(TestBatches.Create(), out var third));
        Assert.Equal(5, third);
    }

    [Fact]
    public void A_fetch_inside_a_batch_returns_the_whole_containing_batch()
    {
        using var log = Open();
        var batch = TestBatches.Create(5);
        log.Append(batch.ToArray(), out _);
        log.Append(TestBatches.Create(1), out _);
        Read(log, 3, batch.Length, out var data);
        Assert.Equal(batch.Length, data.Length);
        Assert.Equal(0, RecordBatch.ReadBaseOffset(data));
        // At least one batch even when it exceeds the limit (KIP-74), otherwise a consumer would stall.
        Assert.Equal(batch.Length, Read(log, 0, 10, out _));
    }

    [Fact]
    public void A_torn_tail_is_truncated_on_reopen()
    {
        string segment;
        using (var log = Open())
        {
            log.Append(TestBatches.Create(2), out _);
            log.Append(TestBatches.Create(2), out _);
            log.Flush();
            segment = Directory.GetFiles(_directory, "*.log").Single();
        }
        var goodLength = new FileInfo(segment).Length;
        var torn = TestBatches.Create(4);
        using (var stream = new FileStream(segment, FileMode.Append))
            stream.Write(torn, 0, torn.Length / 2);

        using var reopened = Open();
        Assert.Equal(4, reopened.LogEndOffset);
        Assert.Equal(goodLength, new FileInfo(segment).Length);
    }

    [Fact]
    public void Segments_roll_and_retention_deletes_old_ones()
    {
        using var log = Open(segmentBytes: 200);
        for (var i = 0; i < 10; i++) log.Append(TestBatches.Create(1, timestamp: 1000 + i), out _);
        Assert.True(Directory.GetFiles(_directory, "*.log").Length > 1);
        Assert.True(log.ApplyRetention(retentionBytes: 0, retentionMs: 1, nowMs: 1_000_000) > 0);
        Assert.True(log.LogStartOffset > 0);
        Assert.Equal(10, log.LogEndOffset);
    }

    [Fact]
    public void Idempotent_retries_return_the_original_offset_and_gaps_are_rejected()
    {
        using var log = Open();
        Assert.Equal(ErrorCode.None, log.Append(TestBatches.Create(2, producerId: 7, producerEpoch: 0, baseSequence: 0), out var first));
        Assert.Equal(ErrorCode.None, log.Append(TestBatches.Create(2, producerId: 7, producerEpoch: 0, baseSequence: 2), out var second));
        Assert.Equal(ErrorCode.None, log.Append(TestBatches.Create(2, producerId: 7, producerEpoch: 0, baseSequence: 0), out var retried));
        Assert.Equal(first, retried);
        Assert.Equal(4, log.LogEndOffset);
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, log.Append(TestBatches.Create(1, producerId: 7, producerEpoch: 0, baseSequence: 9), out _));
        Assert.Equal(2, second);
    }

    [Fact]
    public void The_idempotence_window_is_rebuilt_after_a_restart()
    {
        using (var log = Open())
        {
            log.Append(TestBatches.Create(3, producerId: 11, producerEpoch: 0, baseSequence: 0), out _);
            log.Flush();
        }
        using var reopened = Open();
        Assert.Equal(ErrorCode.None, reopened.Append(TestBatches.Create(3, producerId: 11, producerEpoch: 0, baseSequence: 0), out var retried));
        Assert.Equal(0, retried);
        Assert.Equal(3, reopened.LogEndOffset);
        Assert.Equal(ErrorCode.None, reopened.Append(TestBatches.Create(1, producerId: 11, producerEpoch: 0, baseSequence: 3), out var next));
        Assert.Equal(3, next);
    }

    [Fact]
    public void Corrupt_batches_are_rejected()
    {
        using var log = Open();
        var batch = TestBatches.Create();
        batch[^1] ^= 1;
        Assert.Equal(ErrorCode.CorruptMessage, log.Append(batch, out _));
        Assert.Equal(0, log.LogEndOffset);
    }
}
