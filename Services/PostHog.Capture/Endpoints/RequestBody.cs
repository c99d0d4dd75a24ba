using System.Buffers;

namespace PostHog.Capture.Endpoints;

/// <summary>Reads a request body up to a hard limit; one byte over is a 413, never an unbounded buffer.</summary>
public static class RequestBody
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int limitBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limitBytes) throw TooLarge(limitBytes);
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

    private static CaptureException TooLarge(int limitBytes) =>
        new(CaptureError.PayloadTooLarge($"request body exceeds {limitBytes} bytes"));
}
