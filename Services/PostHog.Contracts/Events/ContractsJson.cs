using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PostHog.Contracts.Events;

[JsonSerializable(typeof(CapturedEvent))]
internal sealed partial class ContractsJsonContext : JsonSerializerContext;

/// <summary>The one serializer setup for contract messages, shared by producers and consumers.</summary>
public static class ContractsJson
{
    /// <summary>Relaxed escaping: these bytes go to Kafka, never into HTML, and escaping every quote doubles the work.</summary>
    public static JsonSerializerOptions Options { get; } = new(ContractsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonTypeInfo<CapturedEvent> CapturedEventInfo =
        (JsonTypeInfo<CapturedEvent>)Options.GetTypeInfo(typeof(CapturedEvent));

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static byte[] Serialize(CapturedEvent value) => Serialize(value, Encoding.UTF8.GetBytes(value.Data));

    /// <summary>
    /// Serializes with <paramref name="dataUtf8"/> as the <c>data</c> field instead of <see cref="CapturedEvent.Data"/>:
    /// capture holds each event as UTF-8 already and skips a round trip through UTF-16 per event.
    /// </summary>
    public static byte[] Serialize(CapturedEvent value, ReadOnlySpan<byte> dataUtf8)
    {
        // One buffer and writer per thread: a request writes thousands of envelopes and only the final copy is kept.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("uuid"u8, value.Uuid);
        writer.WriteString("distinct_id"u8, value.DistinctId);
        writer.WriteString("ip"u8, value.Ip);
        writer.WritePropertyName("data"u8);
        WriteStringValue(writer, dataUtf8);
        writer.WriteString("now"u8, value.Now);
        if (value.SentAt is { } sentAt) writer.WriteString("sent_at"u8, sentAt);
        writer.WriteString("token"u8, value.Token);
        writer.WriteString("event"u8, value.Event);
        writer.WriteString("timestamp"u8, value.Timestamp);
        if (value.IsCookielessMode) writer.WriteBoolean("is_cookieless_mode"u8, true);
        if (value.HistoricalMigration) writer.WriteBoolean("historical_migration"u8, true);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static CapturedEvent? DeserializeCapturedEvent(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize(utf8, CapturedEventInfo);

    /// <summary>
    /// A JSON string of valid UTF-8 text. Event JSON has a quote every few bytes, so instead of a search call per
    /// escape, 16 bytes at a time are copied and checked in one step; an escape restarts the block right after it.
    /// </summary>
    private static void WriteStringValue(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        var rented = ArrayPool<byte>.Shared.Rent(utf8.Length * 6 + 2 + Vector128<byte>.Count);
        try
        {
            var output = rented.AsSpan();
            output[0] = (byte)'"';
            var length = 1 + Escape(utf8, output[1..]);
            output[length++] = (byte)'"';
            writer.WriteRawValue(output[..length], skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Inside a JSON string only control bytes, quote and backslash need escaping; everything else (non-ASCII included) is copied as is.</summary>
    /// <returns>Bytes written; <paramref name="output"/> needs six per input byte plus one vector of slack.</returns>
    private static int Escape(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ref var source = ref MemoryMarshal.GetReference(input);
        ref var target = ref MemoryMarshal.GetReference(output);
        var quote = Vector128.Create((byte)'"');
        var backslash = Vector128.Create((byte)'\\');
        var space = Vector128.Create((byte)0x20);
        nuint i = 0, o = 0, n = (nuint)input.Length;
        while (i + (nuint)Vector128<byte>.Count <= n)
        {
            var block = Vector128.LoadUnsafe(ref source, i);
            // Stored whole even when it holds an escape: the bytes after it are overwritten on the next step.
            block.StoreUnsafe(ref target, o);
            var escapes = (Vector128.LessThan(block, space) | Vector128.Equals(block, quote) | Vector128.Equals(block, backslash)).ExtractMostSignificantBits();
            if (escapes == 0)
            {
                i += (nuint)Vector128<byte>.Count;
                o += (nuint)Vector128<byte>.Count;
                continue;
            }
            var at = (nuint)BitOperations.TrailingZeroCount(escapes);
            o += at + (nuint)Escape(Unsafe.Add(ref source, i + at), output[(int)(o + at)..]);
            i += at + 1;
        }
        for (; i < n; i++)
        {
            var b = Unsafe.Add(ref source, i);
            if (b < 0x20 || b == (byte)'"' || b == (byte)'\\') o += (nuint)Escape(b, output[(int)o..]);
            else Unsafe.Add(ref target, o++) = b;
        }
        return (int)o;
    }

    private static int Escape(byte b, Span<byte> output)
    {
        output[0] = (byte)'\\';
        switch (b)
        {
            case (byte)'"': output[1] = (byte)'"'; return 2;
            case (byte)'\\': output[1] = (byte)'\\'; return 2;
            case (byte)'\n': output[1] = (byte)'n'; return 2;
            case (byte)'\r': output[1] = (byte)'r'; return 2;
            case (byte)'\t': output[1] = (byte)'t'; return 2;
            default:
                "u00"u8.CopyTo(output[1..]);
                output[4] = (byte)"0123456789abcdef"[b >> 4];
                output[5] = (byte)"0123456789abcdef"[b & 0xf];
                return 6;
        }
    }
}
