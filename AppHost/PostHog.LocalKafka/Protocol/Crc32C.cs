using System.Buffers.Binary;
using System.Numerics;

namespace PostHog.LocalKafka.Protocol;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of Kafka record batches.
/// System.IO.Hashing only offers CRC-32 (IEEE), so this uses BitOperations.Crc32C, which compiles to the SSE4.2/ARM
/// crc32c instruction where available and falls back to a software table otherwise.
/// </summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
