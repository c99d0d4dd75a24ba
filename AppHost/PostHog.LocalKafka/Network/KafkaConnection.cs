using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using PostHog.LocalKafka.Protocol;
using PostHog.LocalKafka.Telemetry;

namespace PostHog.LocalKafka.Network;

/// <summary>
/// One client connection. The read loop parses frames and starts their handlers in arrival order (so appends and
/// group actions happen in request order); the write loop awaits the handlers in that same order and sends every
/// response that is ready in one gathered send. Many requests can be in flight, yet responses never overtake each other.
/// </summary>
public sealed class KafkaConnection(Socket socket, RequestDispatcher dispatcher, BrokerOptions options, BrokerMetrics metrics, ILogger logger)
{
    private const int MaxInFlight = 256;
    private const int MaxResponsesPerSend = 64;

    public async Task RunAsync(CancellationToken stopping)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var clientHost = (socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString() ?? "";
        var responses = Channel.CreateBounded<Task<KafkaWriter?>>(new BoundedChannelOptions(MaxInFlight) { SingleReader = true, SingleWriter = true });
        var writeLoop = WriteLoopAsync(responses.Reader, closed);
        try
        {
            await ReadLoopAsync(new FrameReader(socket, options.MaxRequestBytes), responses.Writer, clientHost, closed.Token);
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
        socket.Dispose();
    }

    private async Task ReadLoopAsync(FrameReader reader, ChannelWriter<Task<KafkaWriter?>> responses, string clientHost, CancellationToken token)
    {
        while (await reader.ReadAsync(token) is var (frame, length))
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
    }

    private async Task WriteLoopAsync(ChannelReader<Task<KafkaWriter?>> responses, CancellationTokenSource closed)
    {
        var batch = new List<KafkaWriter>(MaxResponsesPerSend);
        var segments = new List<ArraySegment<byte>>(MaxResponsesPerSend);
        try
        {
            while (await responses.WaitToReadAsync())
            {
                // Await the oldest response, then take every later one that is already complete.
                while (batch.Count < MaxResponsesPerSend && responses.TryPeek(out var next) && (batch.Count == 0 || next.IsCompleted))
                {
                    responses.TryRead(out _);
                    if (await next is { } response) batch.Add(response);
                }
                if (batch.Count == 0) continue;
                foreach (var response in batch)
                {
                    var frame = response.Complete();
                    segments.Add(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(frame, out var segment) ? segment : new ArraySegment<byte>(frame.ToArray()));
                    metrics.BytesOut(frame.Length);
                }
                await socket.SendAsync(segments, SocketFlags.None);
                foreach (var response in batch) response.Dispose();
                batch.Clear();
                segments.Clear();
            }
        }
        catch (Exception ex)
        {
            if (ex is ProtocolException) logger.LogDebug("Closing connection: {Reason}", ex.Message);
            else if (ex is not (OperationCanceledException or IOException or SocketException or ObjectDisposedException))
                logger.LogError(ex, "Request failed; closing the connection");
            await closed.CancelAsync();
            try { socket.Shutdown(SocketShutdown.Both); } catch (Exception) { } // unblocks the read loop
        }
        finally
        {
            foreach (var response in batch) response.Dispose();
            // Release whatever is still queued so pooled buffers go back.
            while (responses.TryRead(out var pending))
            {
                try { (await pending)?.Dispose(); }
                catch (Exception) { }
            }
        }
    }
}
