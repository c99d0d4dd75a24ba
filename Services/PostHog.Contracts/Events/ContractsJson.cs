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

    public static byte[] Serialize(CapturedEvent value) => JsonSerializer.SerializeToUtf8Bytes(value, CapturedEventInfo);

    public static CapturedEvent? DeserializeCapturedEvent(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize(utf8, CapturedEventInfo);
}
