using System.Buffers.Binary;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Tests;

/// <summary>Builds minimal valid magic-2 record batches (one record, no compression) for storage tests.</summary>
public static class TestBatches
{
    public static byte[] Create(int recordCount = 1, long producerId = -1, short producerEpoch = -1, int baseSequence = -1, long timestamp = 1_700_000_000_000)
    {
        var records = new byte[recordCount * 8];
        for (var i = 0; i < recordCount; i++)
        {
            var r = records.AsSpan(i * 8);
            r[0] = 14; // length 7 (zig-zag varint)
            r[1] = 0; // attributes
            r[2] = 0; // timestamp delta
            r[3] = (byte)(i * 2); // offset delta
            r[4] = 1; // key length -1
            r[5] = 2; // value length 1
            r[6] = (byte)('a' + i % 26);
            r[7] = 0; // headers
        }
        var batch = new byte[61 + records.Length];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, 0);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], batch.Length - 12);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], -1);
        span[16] = 2;
        BinaryPrimitives.WriteInt16BigEndian(span[21..], 0);
        BinaryPrimitives.WriteInt32BigEndian(span[23..], recordCount - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[27..], timestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[35..], timestamp);
        BinaryPrimitives.WriteInt64BigEndian(span[43..], producerId);
        BinaryPrimitives.WriteInt16BigEndian(span[51..], producerEpoch);
        BinaryPrimitives.WriteInt32BigEndian(span[53..], baseSequence);
        BinaryPrimitives.WriteInt32BigEndian(span[57..], recordCount);
        records.CopyTo(span[61..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[17..], Crc32C.Compute(span[21..]));
        return batch;
    }
}
