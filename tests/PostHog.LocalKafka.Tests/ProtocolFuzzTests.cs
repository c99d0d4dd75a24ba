using System.Buffers.Binary;
using System.Net.Sockets;

namespace PostHog.LocalKafka.Tests;

/// <summary>
/// Malformed frames, absurd lengths, unknown API keys and versions: each must end in an error response or a closed
/// connection, never a crash, and never a stall of other connections.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ProtocolFuzzTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", fixture.Broker.Port);
        return socket;
    }

    private static byte[] Frame(short apiKey, short version, int correlationId, ReadOnlySpan<byte> body, string? clientId = "fuzz")
    {
        var clientBytes = clientId is null ? [] : System.Text.Encoding.UTF8.GetBytes(clientId);
        var frame = new byte[4 + 8 + 2 + clientBytes.Length + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), apiKey);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), version);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), correlationId);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(12), clientId is null ? (short)-1 : (short)clientBytes.Length);
        clientBytes.CopyTo(frame.AsSpan(14));
        body.CopyTo(frame.AsSpan(14 + clientBytes.Length));
        return frame;
    }

    /// <summary>Reads one response frame, or null when the broker closed the connection.</summary>
    private static async Task<byte[]?> ReadResponseAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Patience);
        var prefix = new byte[4];
        if (!await ReadExactlyAsync(socket, prefix, cts.Token)) return null;
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(prefix)];
        return await ReadExactlyAsync(socket, body, cts.Token) ? body : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken token)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try { n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, token); }
            catch (SocketException) { return false; }
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    /// <summary>A fresh connection gets an ApiVersions answer: the broker is alive and not stalled.</summary>
    private async Task AssertHealthyAsync()
    {
        Assert.False(fixture.Broker.HasExited, fixture.Broker.Output);
        using var socket = await ConnectAsync();
        await socket.SendAsync(Frame(18, 2, 77, []));
        var response = await ReadResponseAsync(socket);
        Assert.NotNull(response);
        Assert.Equal(77, BinaryPrimitives.ReadInt32BigEndian(response));
        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4)));
    }

    /// <summary>
    /// Sends bytes and requires either a response or a close within the patience window, never silence. With
    /// <paramref name="endOfInput"/> the client then half-closes: random bytes can form a valid long poll, an acks=0
    /// produce or a frame still waiting for its tail, which only end when the client goes away.
    /// </summary>
    private async Task AssertAnsweredOrClosedAsync(byte[] bytes, bool endOfInput = false)
    {
        using var socket = await ConnectAsync();
        try
        {
            await socket.SendAsync(bytes);
            if (endOfInput) socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException) { return; } // already closed
        await ReadResponseAsync(socket); // returns a frame or null (closed); a stall would throw on timeout
    }

    [Fact]
    public async Task ApiVersions_v3_gets_the_v0_unsupported_version_fallback()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Frame(18, 3, 5, [0, 0, 0])); // flexible body, not parsed
        var response = await ReadResponseAsync(socket);
        Assert.NotNull(response);
        Assert.Equal(5, BinaryPrimitives.ReadInt32BigEndian(response));
        Assert.Equal(35, BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(6)));
        Assert.Equal(18, BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(10)));
        Assert.Equal(16, response.Length); // v0 format: correlation, error, one entry, no throttle field
    }

    public static TheoryData<string, byte[]> MalformedFrames()
    {
        static byte[] Length(int value) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, value); return b; }
        var hugeArray = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(hugeArray, 1_000_000_000);
        return new TheoryData<string, byte[]>
        {
            { "negative length", Length(-5) },
            { "zero length", Length(0) },
            { "absurd length", Length(int.MaxValue) },
            { "too short for a header", [.. Length(3), 0, 3, 0] },
            { "unknown api key", Frame(999, 0, 1, []) },
            { "negative api key", Frame(-7, 0, 1, []) },
            { "unsupported metadata version", Frame(3, 99, 1, []) },
            { "produce v0 (advertised, not implemented)", Frame(0, 0, 1, []) },
            { "metadata with an absurd topic count", Frame(3, 1, 1, hugeArray) },
            { "metadata truncated mid-string", Frame(3, 1, 1, [0, 0, 0, 1, 0, 50, (byte)'a']) },
            { "produce with garbage records", Frame(0, 7, 1, [255, 255, 0, 1, 0, 0, 0, 100, 0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) },
            { "fetch with negative partition count", Frame(1, 11, 1, [255, 255, 255, 255, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 1, 0, 1, (byte)'t', 255, 255, 255, 250]) },
            { "join group with invalid string length", Frame(11, 5, 1, [0xFF, 0xF0]) },
            { "client id length past the end", [.. Length(10), 0, 18, 0, 2, 0, 0, 0, 1, 0x7F, 0x00] },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public async Task Malformed_frames_get_an_error_or_a_closed_connection(string name, byte[] bytes)
    {
        Assert.NotNull(name);
        await AssertAnsweredOrClosedAsync(bytes);
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task Random_garbage_never_crashes_or_stalls_the_broker()
    {
        var random = new Random(20261123);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(4, 200)];
            random.NextBytes(bytes);
            if (i % 2 == 0)
            {
                // Keep the length plausible so the garbage reaches the API parsers, with a real key and version.
                BinaryPrimitives.WriteInt32BigEndian(bytes, bytes.Length - 4);
                if (bytes.Length >= 8)
                {
                    BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(4), (short)random.Next(0, 33));
                    BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(6), (short)random.Next(0, 12));
                }
            }
            await AssertAnsweredOrClosedAsync(bytes, endOfInput: true);
        }
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task A_half_sent_frame_does_not_block_other_connections()
    {
        using var stalled = await ConnectAsync();
        var partial = Frame(3, 1, 1, [0, 0, 0, 0]);
        await stalled.SendAsync(partial.AsMemory(0, partial.Length - 2));
        await AssertHealthyAsync();
        await stalled.SendAsync(partial.AsMemory(partial.Length - 2));
        Assert.NotNull(await ReadResponseAsync(stalled));
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order()
    {
        using var socket = await ConnectAsync();
        var frames = Enumerable.Range(1, 50).SelectMany(i => i % 2 == 0 ? Frame(18, 2, i, []) : Frame(3, 1, i, [0, 0, 0, 0])).ToArray();
        await socket.SendAsync(frames);
        for (var i = 1; i <= 50; i++)
        {
            var response = await ReadResponseAsync(socket);
            Assert.NotNull(response);
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(response));
        }
    }
}
