using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Network;

/// <summary>
/// Reads size-prefixed request frames from a socket. Small pipelined requests are taken from one 64 KiB receive
/// buffer; the body of a large frame (a ~1 MB produce) is received straight into its pooled array, so one wake-up can
/// take in as much as the kernel has buffered instead of one 64 KiB slice per wake-up.
/// </summary>
public sealed class FrameReader(Socket socket, int maxFrameSize)
{
    private const int MinFrameSize = 8; // api key, version, correlation id
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;

    /// <summary>The next frame (owned by the caller, return it to the shared pool), or null at end of stream.</summary>
    public async ValueTask<(byte[] Frame, int Length)?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(4, cancellationToken)) return null;
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
        if (length < MinFrameSize || length > maxFrameSize)
            throw new ProtocolException($"Invalid frame size {length}.");
        _start += 4;
        var frame = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var copied = Math.Min(length, _end - _start);
            _buffer.AsSpan(_start, copied).CopyTo(frame);
            _start += copied;
            while (copied < length)
            {
                var remaining = length - copied;
                if (remaining < _buffer.Length / 2)
                {
                    // Small tail: receive it into the buffer so whatever follows it comes along in the same call.
                    if (!await FillAsync(remaining, cancellationToken)) throw new EndOfStreamException();
                    _buffer.AsSpan(_start, remaining).CopyTo(frame.AsSpan(copied));
                    _start += remaining;
                    copied = length;
                    break;
                }
                var received = await socket.ReceiveAsync(frame.AsMemory(copied, remaining), SocketFlags.None, cancellationToken);
                if (received == 0) throw new EndOfStreamException();
                copied += received;
            }
            return (frame, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(frame);
            throw;
        }
    }

    private async ValueTask<bool> FillAsync(int needed, CancellationToken cancellationToken)
    {
        if (_end - _start >= needed) return true;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        while (_end < needed)
        {
            var received = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                if (_end == 0) return false;
                throw new EndOfStreamException("Connection closed in the middle of a frame.");
            }
            _end += received;
        }
        return true;
    }
}
