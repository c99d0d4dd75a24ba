using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Telemetry;

namespace PostHog.LocalKafka.Network;

/// <summary>
/// One client connection. The read loop parses frames and starts their handlers in arrival order (so appends and
/// group actions happen in request order); the write loop awaits the handlers in that same order and writes the
/// responses, flushing the socket only when no further response is ready. Many requests can be in flight, yet
/// responses never overtake each other.
/// </summary>
public sealed class KafkaConnection(Socket socket, RequestDispatcher dispatcher, BrokerOptions options, BrokerMetrics metrics, ILogger logger)
{
    private const int MaxInFlight = 256;
    private const int MinFrameSize = 8; // api key, version, correlation id

    public async Task RunAsync(CancellationToken stopping)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var clientHost = (socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString() ?? "";
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 1 << 16, minimumReadSize: 1 << 14));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 1 << 16));
        var responses = Channel.CreateBounded<Task<KafkaWriter?>>(new BoundedChannelOptions(MaxInFlight) { SingleReader = true, SingleWriter = true });
        var writeLoop = WriteLoopAsync(responses.Reader, writer, closed);
        try
        {
            await ReadLoopAsync(reader, responses.Writer, clientHost, closed.Token);
        }
        catch (ProtocolException ex)
        {
            logger.LogDebug("Closing connection from {Client}: {Reason}", clientHost, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            responses.Writer.TryComplete();
        }
        // The client is gone or misbehaved: stop parked handlers (long-poll fetches, joins) and drop their replies.
        await closed.CancelAsync();
        await writeLoop;
        await reader.CompleteAsync();
        await writer.CompleteAsync();
    }

    private async Task ReadLoopAsync(PipeReader reader, ChannelWriter<Task<KafkaWriter?>> responses, string clientHost, CancellationToken token)
    {
        while (true)
        {
            var result = await reader.ReadAsync(token);
            var buffer = result.Buffer;
            while (TryReadFrame(ref buffer, out var frame, out var length))
            {
                metrics.BytesIn(length + 4);
                Task<KafkaWriter?> response;
                try
                {
                    response = dispatcher.Dispatch(frame, length, clientHost, token);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(frame);
                    throw;
                }
                if (!responses.TryWrite(response)) await responses.WriteAsync(response, token);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) return;
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out byte[] frame, out int length)
    {
        frame = [];
        length = 0;
        if (buffer.Length < 4) return false;
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length < MinFrameSize || length > options.MaxRequestBytes)
            throw new ProtocolException($"Invalid frame size {length}.");
        if (buffer.Length < 4 + length) return false;
        frame = ArrayPool<byte>.Shared.Rent(length);
        buffer.Slice(4, length).CopyTo(frame);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    private async Task WriteLoopAsync(ChannelReader<Task<KafkaWriter?>> responses, PipeWriter writer, CancellationTokenSource closed)
    {
        try
        {
            while (await responses.WaitToReadAsync())
            {
                while (responses.TryRead(out var pending))
                {
                    var response = await pending;
                    if (response is null) continue;
                    using (response)
                    {
                        var frame = response.Complete();
                        writer.Write(frame.Span);
                        metrics.BytesOut(frame.Length);
                    }
                    if (!responses.TryPeek(out var next) || !next.IsCompleted)
                    {
                        var flush = await writer.FlushAsync(closed.Token);
                        if (flush.IsCompleted || flush.IsCanceled) return;
                    }
                }
            }
        }
        catch (Exception ex)
        {
            if (ex is ProtocolException) logger.LogDebug("Closing connection: {Reason}", ex.Message);
            else if (ex is not (OperationCanceledException or IOException or SocketException or ObjectDisposedException))
                logger.LogError(ex, "Request failed; closing the connection");
            await closed.CancelAsync();
            socket.Dispose(); // unblocks the read loop
        }
        finally
        {
            // Release whatever is still queued so pooled buffers go back.
            while (responses.TryRead(out var pending))
            {
                try { (await pending)?.Dispose(); }
                catch (Exception) { }
            }
        }
    }
}
