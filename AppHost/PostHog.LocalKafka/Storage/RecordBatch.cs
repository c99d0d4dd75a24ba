using System.Buffers.Binary;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Storage;

/// <summary>
/// The fixed 61-byte header of a magic-2 record batch. Batches are stored exactly as produced; only baseOffset and
/// partitionLeaderEpoch are rewritten, and neither is covered by the CRC, so the producer's checksum stays valid.
/// </summary>
public readonly record struct RecordBatch(
    int Size, short Attributes, int LastOffsetDelta, long MaxTimestamp,
    long ProducerId, short ProducerEpoch, int BaseSequence, int RecordCount)
{
    public const int HeaderSize = 61;
    private const int BatchLengthOffset = 8;
    private const int LeaderEpochOffset = 12;
    private const int MagicOffset = 16;
    private const int CrcOffset = 17;
    private const int CrcStart = 21;

    public static long ReadBaseOffset(ReadOnlySpan<byte> batch) => BinaryPrimitives.ReadInt64BigEndian(batch);

    /// <summary>Total size of the batch starting at <paramref name="data"/>, or −1 if fewer than 12 bytes are there.</summary>
    public static int PeekSize(ReadOnlySpan<byte> data) =>
        data.Length < 12 ? -1 : BinaryPrimitives.ReadInt32BigEndian(data[BatchLengthOffset..]) + 12;

    /// <summary>Validates the first batch of <paramref name="data"/> (length, magic, codec, CRC-32C).</summary>
    public static ErrorCode TryParse(ReadOnlySpan<byte> data, out RecordBatch batch)
    {
        batch = default;
        if (data.Length < HeaderSize) return ErrorCode.CorruptMessage;
        var batchLength = BinaryPrimitives.ReadInt32BigEndian(data[BatchLengthOffset..]);
        if (batchLength < HeaderSize - 12 || batchLength > data.Length - 12) return ErrorCode.CorruptMessage;
        if (data[MagicOffset] != 2) return ErrorCode.UnsupportedForMessageFormat;
        var size = batchLength + 12;
        var expectedCrc = BinaryPrimitives.ReadUInt32BigEndian(data[CrcOffset..]);
        if (Crc32C.Compute(data[CrcStart..size]) != expectedCrc) return ErrorCode.CorruptMessage;
        var attributes = BinaryPrimitives.ReadInt16BigEndian(data[21..]);
        if ((attributes & 0x7) > 4) return ErrorCode.CorruptMessage;
        var lastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(data[23..]);
        if (lastOffsetDelta < 0) return ErrorCode.CorruptMessage;
        batch = new RecordBatch(
            size, attributes, lastOffsetDelta,
            MaxTimestamp: BinaryPrimitives.ReadInt64BigEndian(data[35..]),
            ProducerId: BinaryPrimitives.ReadInt64BigEndian(data[43..]),
            ProducerEpoch: BinaryPrimitives.ReadInt16BigEndian(data[51..]),
            BaseSequence: BinaryPrimitives.ReadInt32BigEndian(data[53..]),
            RecordCount: BinaryPrimitives.ReadInt32BigEndian(data[57..]));
        return ErrorCode.None;
    }

    /// <summary>Stamps the broker-assigned base offset and the constant leader epoch (0) into a batch.</summary>
    public static void Stamp(Span<byte> batch, long baseOffset)
    {
        BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);
        BinaryPrimitives.WriteInt32BigEndian(batch[LeaderEpochOffset..], 0);
    }
}
