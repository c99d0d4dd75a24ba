using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PostHog.LocalKafka.Benchmarks;

/// <summary>
/// The networking ceiling on the same (shared) cores: 1 MiB length-prefixed frames sent over a loopback TCP socket,
/// each answered with a 4-byte ack, like pipelined produce requests and their responses.
/// </summary>
public static class LoopbackEchoBaseline
{
    public static double MeasureMegabytesPerSecond(long totalBytes)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        const int frameSize = 1 << 20;
        var frames = (int)Math.Max(1, totalBytes / frameSize);
        var server = Task.Run(() =>
        {
            using var socket = listener.AcceptSocket();
            var buffer = new byte[frameSize + 4];
            var ack = new byte[4];
            for (var i = 0; i < frames; i++)
            {
                ReceiveExactly(socket, buffer.AsSpan(0, 4));
                ReceiveExactly(socket, buffer.AsSpan(0, BinaryPrimitives.ReadInt32BigEndian(buffer)));
                socket.Send(ack);
            }
        });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(IPAddress.Loopback, port);
        var frame = new byte[frameSize + 4];
        BinaryPrimitives.WriteInt32BigEndian(frame, frameSize);
        Random.Shared.NextBytes(frame.AsSpan(4));
        var acks = new byte[4];
        var watch = Stopwatch.StartNew();
        var receiver = Task.Run(() =>
        {
            for (var i = 0; i < frames; i++) ReceiveExactly(client, acks);
        });
        for (var i = 0; i < frames; i++) client.Send(frame);
        receiver.Wait();
        server.Wait();
        watch.Stop();
        return frames * (double)frameSize / 1e6 / watch.Elapsed.TotalSeconds;
    }

    private static void ReceiveExactly(Socket socket, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var n = socket.Receive(buffer);
            if (n == 0) throw new IOException("Closed early");
            buffer = buffer[n..];
        }
    }
}
