using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace PostHog.Capture.Decoding;

/// <summary>Streams gzip out in chunks and stops at a hard size and expansion-ratio limit, so a zip bomb never gets buffered.</summary>
public static class BoundedGzip
{
    private static ReadOnlySpan<byte> Magic => [0x1f, 0x8b, 0x08];

    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    public static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> compressed, int limitBytes, int maxRatio, int ratioFloorBytes)
    {
        var ratioLimit = (long)compressed.Length * maxRatio;
        var hardLimit = (int)Math.Min(limitBytes, Math.Max(ratioLimit, ratioFloorBytes));
        var output = new MemoryStream(InitialCapacity(compressed.Span, hardLimit));
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var gzip = new GZipStream(new ReadOnlyMemoryStream(compressed), CompressionMode.Decompress);
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > hardLimit)
                {
                    var why = hardLimit < limitBytes ? $"expands more than {maxRatio}x" : $"exceeds {limitBytes} bytes";
                    throw new CaptureException(CaptureError.PayloadTooLarge($"decompressed payload {why}"));
                }
                output.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new CaptureException(CaptureError.RequestDecoding($"invalid gzip data: {ex.Message}"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

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
