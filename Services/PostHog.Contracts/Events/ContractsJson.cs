using System.Buffers;
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

    // Inside a JSON string only these must be escaped; everything else (non-ASCII included) is copied as is.
    private static readonly SearchValues<byte> MustEscape = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

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
        writer.WriteString("uuid", value.Uuid);
        writer.WriteString("distinct_id", value.DistinctId);
        writer.WriteString("ip", value.Ip);
        writer.WritePropertyName("data");
        WriteStringValue(writer, dataUtf8);
        writer.WriteString("now", value.Now);
        if (value.SentAt is { } sentAt) writer.WriteString("sent_at", sentAt);
        writer.WriteString("token", value.Token);
        writer.WriteString("event", value.Event);
        writer.WriteString("timestamp", value.Timestamp);
        if (value.IsCookielessMode) writer.WriteBoolean("is_cookieless_mode", true);
        if (value.HistoricalMigration) writer.WriteBoolean("historical_migration", true);
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static CapturedEvent? DeserializeCapturedEvent(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize(utf8, CapturedEventInfo);

    /// <summary>A JSON string of valid UTF-8 text, escaping with vectorized scans instead of the general encoder.</summary>
    private static void WriteStringValue(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        var rented = ArrayPool<byte>.Shared.Rent(utf8.Length * 6 + 2);
        try
        {
            var output = rented.AsSpan();
            var length = 0;
            output[length++] = (byte)'"';
            while (!utf8.IsEmpty)
            {
                var next = utf8.IndexOfAny(MustEscape);
                var run = next < 0 ? utf8.Length : next;
                utf8[..run].CopyTo(output[length..]);
                length += run;
                if (next < 0) break;
                length += Escape(utf8[next], output[length..]);
                utf8 = utf8[(next + 1)..];
            }
            output[length++] = (byte)'"';
            writer.WriteRawValue(output[..length], skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
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
