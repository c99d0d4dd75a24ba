using System.Buffers;

namespace PostHog.RequestDecoding;

/// <summary>Reads a request body up to a hard limit; one byte over is a 413, never an unbounded buffer.</summary>
public static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int limitBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limitBytes) throw TooLarge(limitBytes);
        if (request.ContentLength is { } declared)
        {
            return await ReadDeclaredAsync(request.Body, (int)declared, cancellationToken);
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? 16 * 1024, 1, limitBytes + 1L));
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0) return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > limitBytes) throw TooLarge(limitBytes);
        }
    }

    /// <summary>
    /// A declared length within the limit is read into an array of exactly that size (the server stops the body there):
    /// the growing buffer asks for 16 KB of room per read, which allocated 16 KB for every 300-byte request.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadDeclaredAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = await body.ReadAsync(bytes.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return bytes.AsMemory(0, read);
    }

    private static RequestDecodingException TooLarge(int limitBytes) =>
        RequestDecodingException.TooLarge($"request body exceeds {limitBytes} bytes");
}
