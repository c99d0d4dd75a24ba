using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace PostHog.RequestDecoding;

/// <summary>Streams gzip out in chunks and stops at a hard size and expansion-ratio limit, so a zip bomb never gets buffered.</summary>
public static class BoundedGzip
{
    private static ReadOnlySpan<byte> Magic => [0x1f, 0x8b, 0x08];

    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    public static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> compressed, int limitBytes, int maxRatio, int ratioFloorBytes) =>
        Inflate(compressed, limitBytes, maxRatio, ratioFloorBytes, pool: null, out _);

    /// <summary>
    /// Inflates straight into one buffer sized from the trailer. With a <paramref name="pool"/> the buffer is rented
    /// (a 50-event batch inflates past the large-object threshold, and a fresh one per request drove gen-2 GCs) and
    /// handed back as <paramref name="rented"/>, for the caller to return once done with the result.
    /// </summary>
    public static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> compressed, int limitBytes, int maxRatio, int ratioFloorBytes,
        ArrayPool<byte>? pool, out byte[]? rented)
    {
        var ratioLimit = (long)compressed.Length * maxRatio;
        var hardLimit = (int)Math.Min(limitBytes, Math.Max(ratioLimit, ratioFloorBytes));
        // One byte over the expected size, so an exact hint ends with a read of 0 instead of a needless grow.
        var buffer = Allocate(pool, Math.Min(InitialCapacity(compressed.Span, hardLimit) + 1, hardLimit + 1));
        var length = 0;
        try
        {
            using var gzip = new GZipStream(new ReadOnlyMemoryStream(compressed), CompressionMode.Decompress);
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = Allocate(pool, (int)Math.Min(buffer.Length * 2L, hardLimit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool?.Return(buffer);
                    buffer = larger;
                }
                var read = gzip.Read(buffer, length, buffer.Length - length);
                if (read == 0) break;
                length += read;
                if (length > hardLimit)
                {
                    var why = hardLimit < limitBytes ? $"expands more than {maxRatio}x" : $"exceeds {limitBytes} bytes";
                    throw RequestDecodingException.TooLarge($"decompressed payload {why}");
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or RequestDecodingException)
        {
            pool?.Return(buffer);
            if (ex is InvalidDataException) throw RequestDecodingException.Invalid($"invalid gzip data: {ex.Message}");
            throw;
        }
        rented = pool is null ? null : buffer;
        return buffer.AsMemory(0, length);
    }

    private static byte[] Allocate(ArrayPool<byte>? pool, int size) => pool?.Rent(size) ?? GC.AllocateUninitializedArray<byte>(size);

    /// <summary>The gzip trailer's ISIZE (length mod 2^32) is a good size hint; it is only trusted up to the limit.</summary>
    private static int InitialCapacity(ReadOnlySpan<byte> compressed, int hardLimit)
    {
        var hint = compressed.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(compressed[^4..]) : 4096u;
        return (int)Math.Clamp(hint, 256u, (uint)Math.Min(hardLimit, 4 * 1024 * 1024));
    }

    /// <summary>A read-only stream over memory we already hold, so gzip reads it without a copy.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
