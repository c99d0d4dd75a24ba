using System.Buffers.Binary;
using System.Numerics;

namespace PostHog.Flags;

/// <summary>
/// The first 64 bits of a SHA-1 digest (FIPS 180-4 §6.1), computed in managed code. Bucketing hashes 40+ short
/// strings per request; the platform one-shot (OpenSSL through P/Invoke) costs about a microsecond each, this a
/// fraction of that. Not for security: bucketing only needs PostHog's exact SHA-1 values.
/// </summary>
internal static class Sha1Prefix
{
    private const int BlockBytes = 64;

    public static ulong First64Bits(ReadOnlySpan<byte> message)
    {
        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
        Span<uint> w = stackalloc uint[80];

        var whole = message.Length / BlockBytes * BlockBytes;
        for (var offset = 0; offset < whole; offset += BlockBytes)
            Compress(message.Slice(offset, BlockBytes), w, ref h0, ref h1, ref h2, ref h3, ref h4);

        // The tail: remaining bytes, 0x80, zeros, then the message length in bits (big-endian) in the last 8 bytes.
        Span<byte> tail = stackalloc byte[2 * BlockBytes];
        tail.Clear();
        var rest = message[whole..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailLength = rest.Length + 1 + 8 <= BlockBytes ? BlockBytes : 2 * BlockBytes;
        BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(tailLength - 8, 8), (ulong)message.Length * 8);
        for (var offset = 0; offset < tailLength; offset += BlockBytes)
            Compress(tail.Slice(offset, BlockBytes), w, ref h0, ref h1, ref h2, ref h3, ref h4);

        return ((ulong)h0 << 32) | h1;
    }

    private static void Compress(ReadOnlySpan<byte> block, Span<uint> w, ref uint h0, ref uint h1, ref uint h2, ref uint h3, ref uint h4)
    {
        for (var t = 0; t < 16; t++) w[t] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(t * 4, 4));
        for (var t = 16; t < 80; t++) w[t] = BitOperations.RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

        uint a = h0, b = h1, c = h2, d = h3, e = h4;
        for (var t = 0; t < 80; t++)
        {
            uint f, k;
            if (t < 20)
            {
                f = (b & c) | (~b & d);
                k = 0x5A827999;
            }
            else if (t < 40)
            {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1;
            }
            else if (t < 60)
            {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDC;
            }
            else
            {
                f = b ^ c ^ d;
                k = 0xCA62C1D6;
            }
            var temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[t];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = temp;
        }
        h0 += a;
        h1 += b;
        h2 += c;
        h3 += d;
        h4 += e;
    }
}
