using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Buffers.Text;

namespace PostHog.Decide.Benchmarks;

/// <summary>
/// One persistent HTTP/1.1 connection that sends pre-built requests (one in flight, no pipelining) and reads
/// Content-Length responses. Allocation-free per request, so the load process has no GC to speak of, and the send is a
/// single syscall made by whichever thread dispatches (the pacing thread, on schedule). The request carries an
/// <c>X-Bench-Seq</c> header so the server process can time the same request.
/// </summary>
public sealed class RawHttpConnection : IDisposable
{
    public const string SequenceHeader = "X-Bench-Seq";
    private const int SequenceDigits = 10;

    private readonly Socket socket;
    private readonly byte[] send = new byte[64 * 1024];
    private readonly byte[] receive = new byte[64 * 1024];
    private readonly RequestTemplates templates;
    private readonly Action<RawHttpConnection, int, int, long> completed;
    private int current = -1;
    private volatile bool broken;

    private RawHttpConnection(Socket socket, RequestTemplates templates, Action<RawHttpConnection, int, int, long> completed)
    {
        this.socket = socket;
        this.templates = templates;
        this.completed = completed;
    }

    /// <summary>Bytes of response bodies received so far.</summary>
    public long BodyBytes { get; private set; }

    /// <summary>
    /// Opens the connection and starts its receive loop; <paramref name="completed"/> gets (connection, request index,
    /// HTTP status or 0 for a broken connection, Stopwatch timestamp when the last byte arrived).
    /// </summary>
    public static async Task<RawHttpConnection> OpenAsync(IPEndPoint endPoint, RequestTemplates templates, Action<RawHttpConnection, int, int, long> completed)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        var connection = new RawHttpConnection(socket, templates, completed);
        _ = Task.Run(connection.ReceiveLoopAsync);
        return connection;
    }

    /// <summary>Sends request <paramref name="index"/> (template index % count, header sequence = index) on this thread.</summary>
    public void Send(int index, long sequence)
    {
        var template = templates[index];
        template.Bytes.CopyTo(send, 0);
        var digits = send.AsSpan(template.SequenceOffset, SequenceDigits);
        for (var i = SequenceDigits - 1; i >= 0; i--, sequence /= 10) digits[i] = (byte)('0' + sequence % 10);
        Volatile.Write(ref current, index);
        try
        {
            if (broken) throw new ObjectDisposedException(nameof(RawHttpConnection));
            var sent = 0;
            while (sent < template.Bytes.Length) sent += socket.Send(send, sent, template.Bytes.Length - sent, SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            FailInFlight();
        }
    }

    /// <summary>Whoever sees the connection break first (sender or receive loop) reports the request in flight as failed.</summary>
    private void FailInFlight()
    {
        broken = true;
        if (Interlocked.Exchange(ref current, -1) is var lost and >= 0) completed(this, lost, 0, Stopwatch.GetTimestamp());
    }

    private async Task ReceiveLoopAsync()
    {
        var headerLength = 0;
        var status = 0;
        long bodyLeft = -1;
        try
        {
            while (true)
            {
                // Until the headers are complete they accumulate at the start of the buffer; body bytes are counted and dropped.
                var read = await socket.ReceiveAsync(receive.AsMemory(bodyLeft < 0 ? headerLength : 0), SocketFlags.None);
                var done = Stopwatch.GetTimestamp();
                if (read == 0) break;
                if (bodyLeft < 0)
                {
                    headerLength += read;
                    var end = receive.AsSpan(0, headerLength).IndexOf("\r\n\r\n"u8);
                    if (end < 0)
                    {
                        if (headerLength == receive.Length) throw new InvalidDataException("response headers over 64 KB");
                        continue;
                    }
                    (status, var contentLength) = ParseHeaders(receive.AsSpan(0, end + 2));
                    bodyLeft = contentLength - (headerLength - end - 4);
                    BodyBytes += headerLength - end - 4;
                }
                else
                {
                    bodyLeft -= read;
                    BodyBytes += read;
                }
                if (bodyLeft > 0) continue;
                if (bodyLeft < 0) throw new InvalidDataException("more bytes than the Content-Length (no pipelining here)");
                var index = Interlocked.Exchange(ref current, -1);
                headerLength = 0;
                bodyLeft = -1;
                completed(this, index, status, done);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidDataException)
        {
            if (e is InvalidDataException) Console.Error.WriteLine($"bad response: {e.Message}");
        }
        // A closed or broken connection: the request in flight (if any) failed; the pool does not reuse the connection.
        FailInFlight();
    }

    private static (int Status, long ContentLength) ParseHeaders(ReadOnlySpan<byte> headers)
    {
        // "HTTP/1.1 200 OK\r\n" then "Name: value\r\n" lines.
        if (headers.Length < 12 || !headers.StartsWith("HTTP/1.1 "u8)) throw new InvalidDataException("not an HTTP/1.1 response");
        var status = (headers[9] - '0') * 100 + (headers[10] - '0') * 10 + (headers[11] - '0');
        long contentLength = -1;
        foreach (var range in headers.Split("\r\n"u8))
        {
            var line = headers[range];
            if (line.Length > 15 && Ascii.EqualsIgnoreCase(line[..15], "Content-Length:"u8))
                contentLength = Utf8Parser.TryParse(line[15..].Trim((byte)' '), out long value, out _) ? value : -1;
            else if (line.Length > 18 && Ascii.EqualsIgnoreCase(line[..18], "Transfer-Encoding:"u8))
                throw new InvalidDataException("chunked response; this client reads Content-Length responses only");
        }
        if (contentLength < 0) throw new InvalidDataException("response without Content-Length");
        return (status, contentLength);
    }

    public void Dispose() => socket.Dispose();
}
