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
        // An empty string stands in for data; its escaped text goes between these quotes in the final array below.
        writer.WritePropertyName("data"u8);
        writer.WriteRawValue("\"\""u8, skipInputValidation: true);
        writer.Flush();
        var dataAt = buffer.WrittenCount - 1;
        writer.WriteString("now"u8, value.Now);
        if (value.SentAt is { } sentAt) writer.WriteString("sent_at"u8, sentAt);
        writer.WriteString("token"u8, value.Token);
        writer.WriteString("event"u8, value.Event);
        writer.WriteString("timestamp"u8, value.Timestamp);
        if (value.IsCookielessMode) writer.WriteBoolean("is_cookieless_mode"u8, true);
        if (value.HistoricalMigration) writer.WriteBoolean("historical_migration"u8, true);
        writer.WriteEndObject();
        writer.Flush();
        return WithData(buffer.WrittenSpan, dataAt, dataUtf8);
    }

    public static CapturedEvent? DeserializeCapturedEvent(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize(utf8, CapturedEventInfo);

    /// <summary>
    /// The envelope with the escaped <paramref name="data"/> inserted at <paramref name="dataAt"/>, escaped straight
    /// into the one array that is kept: counting the escapes first is cheaper than the two copies of a ~2 KB event
    /// (to the writer, then out of it) that sizing it afterwards took.
    /// </summary>
    private static byte[] WithData(ReadOnlySpan<byte> envelope, int dataAt, ReadOnlySpan<byte> data)
    {
        var escapedLength = EscapedLength(data);
        var result = GC.AllocateUninitializedArray<byte>(envelope.Length + escapedLength);
        envelope[..dataAt].CopyTo(result);
        if (Escape(data, result.AsSpan(dataAt, escapedLength)) != escapedLength) throw new InvalidOperationException("escaped length miscounted");
        envelope[dataAt..].CopyTo(result.AsSpan(dataAt + escapedLength));
        return result;
    }

    /// <summary>Length of <paramref name="input"/> escaped by <see cref="Escape(ReadOnlySpan{byte}, Span{byte})"/>.</summary>
    private static int EscapedLength(ReadOnlySpan<byte> input)
    {
        ref var source = ref MemoryMarshal.GetReference(input);
        var quote = Vector128.Create((byte)'"');
        var backslash = Vector128.Create((byte)'\\');
        var space = Vector128.Create((byte)0x20);
        var newline = Vector128.Create((byte)'\n');
        var carriageReturn = Vector128.Create((byte)'\r');
        var tab = Vector128.Create((byte)'\t');
        nuint i = 0, n = (nuint)input.Length;
        var extra = 0;
        for (; i + (nuint)Vector128<byte>.Count <= n; i += (nuint)Vector128<byte>.Count)
        {
            var block = Vector128.LoadUnsafe(ref source, i);
            var control = Vector128.LessThan(block, space);
            var twoByte = Vector128.Equals(block, quote) | Vector128.Equals(block, backslash)
                | Vector128.Equals(block, newline) | Vector128.Equals(block, carriageReturn) | Vector128.Equals(block, tab);
            if ((control | twoByte) == Vector128<byte>.Zero) continue;
            // \", \\, \n, \r, \t add one byte; any other control byte becomes \u00XX, five more.
            extra += BitOperations.PopCount(twoByte.ExtractMostSignificantBits())
                + 5 * BitOperations.PopCount(Vector128.AndNot(control, twoByte).ExtractMostSignificantBits());
        }
        for (; i < n; i++)
        {
            var b = Unsafe.Add(ref source, i);
            extra += b switch
            {
                (byte)'"' or (byte)'\\' or (byte)'\n' or (byte)'\r' or (byte)'\t' => 1,
                < 0x20 => 5,
                _ => 0,
            };
        }
        return input.Length + extra;
    }

    /// <summary>Inside a JSON string only control bytes, quote and backslash need escaping; everything else (non-ASCII included) is copied as is.</summary>
    /// <returns>Bytes written; <paramref name="output"/> must hold them all (<see cref="EscapedLength"/>): the vector
    /// steps below write 16 bytes only while at least 16 input bytes, so at least 16 output bytes, remain.</returns>
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
            else output[(int)o++] = b;
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
