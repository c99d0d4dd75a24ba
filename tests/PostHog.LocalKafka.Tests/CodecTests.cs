using System.Text;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Storage;

namespace PostHog.LocalKafka.Tests;

public sealed class CodecTests
{
    [Fact]
    public void Crc32C_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        var bytes = Encoding.ASCII.GetBytes(new string('x', 1000));
        Assert.Equal(Crc32C.Compute(bytes), Crc32C.Compute(bytes.AsSpan()));
    }

    [Fact]
    public void Writer_output_reads_back()
    {
        using var writer = new KafkaWriter(correlationId: 42);
        writer.WriteInt8(-3);
        writer.WriteBoolean(true);
        writer.WriteInt16(-2);
        writer.WriteInt32(123456);
        writer.WriteInt64(long.MinValue);
        writer.WriteString("héllo");
        writer.WriteNullableString(null);
        writer.WriteBytes([1, 2, 3]);
        writer.WriteArrayCount(-1);
        var frame = writer.Complete().ToArray();

        var reader = new KafkaReader(frame);
        Assert.Equal(frame.Length - 4, reader.ReadInt32());
        Assert.Equal(42, reader.ReadInt32());
        Assert.Equal(-3, reader.ReadInt8());
        Assert.True(reader.ReadBoolean());
        Assert.Equal(-2, reader.ReadInt16());
        Assert.Equal(123456, reader.ReadInt32());
        Assert.Equal(long.MinValue, reader.ReadInt64());
        Assert.Equal("héllo", reader.ReadString());
        Assert.Null(reader.ReadNullableString());
        Assert.Equal([1, 2, 3], reader.ReadBytes());
        Assert.Equal(-1, reader.ReadArrayCount());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Writer_grows_past_its_initial_buffer()
    {
        using var writer = new KafkaWriter(1, initialCapacity: 16);
        var big = new byte[100_000];
        Random.Shared.NextBytes(big);
        writer.WriteBytes(big);
        var frame = writer.Complete();
        Assert.Equal(4 + 4 + 4 + big.Length, frame.Length);
        Assert.True(frame.Span[12..].SequenceEqual(big));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 100 })] // array count larger than the remaining bytes
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xF0 })] // negative count other than -1
    public void Absurd_array_counts_are_rejected_before_allocating(byte[] data)
    {
        Assert.Throws<ProtocolException>(() => new KafkaReader(data).ReadArrayCount());
    }

    [Fact]
    public void Reading_past_the_end_is_a_protocol_error()
    {
        Assert.Throws<ProtocolException>(() => new KafkaReader([0, 5, (byte)'a']).ReadString());
        Assert.Throws<ProtocolException>(() => new KafkaReader([0, 0]).ReadInt32());
        Assert.Throws<ProtocolException>(() => new KafkaReader([0xFF, 0xFE]).ReadNullableString());
    }

    [Fact]
    public void Record_batch_validation_checks_length_magic_and_crc()
    {
        var batch = TestBatches.Create(recordCount: 3);
        Assert.Equal(ErrorCode.None, RecordBatch.TryParse(batch, out var parsed));
        Assert.Equal(batch.Length, parsed.Size);
        Assert.Equal(2, parsed.LastOffsetDelta);
        Assert.Equal(3, parsed.RecordCount);

        Assert.Equal(ErrorCode.CorruptMessage, RecordBatch.TryParse(batch.AsSpan(0, batch.Length - 1), out _));
        var flipped = (byte[])batch.Clone();
        flipped[^1] ^= 0xFF;
        Assert.Equal(ErrorCode.CorruptMessage, RecordBatch.TryParse(flipped, out _));
        var magic1 = (byte[])batch.Clone();
        magic1[16] = 1;
        Assert.Equal(ErrorCode.UnsupportedForMessageFormat, RecordBatch.TryParse(magic1, out _));
    }

    [Fact]
    public void Stamping_the_offset_keeps_the_crc_valid()
    {
        var batch = TestBatches.Create();
        RecordBatch.Stamp(batch, 123_456_789);
        Assert.Equal(123_456_789, RecordBatch.ReadBaseOffset(batch));
        Assert.Equal(ErrorCode.None, RecordBatch.TryParse(batch, out _));
    }
}
