using System.Buffers;
using System.Text.Json;
using PostHog.Flags;

namespace PostHog.Decide.Responses;

/// <summary>Writes a /flags or /decide answer in the requested <see cref="ResponseFormat"/>, optionally with the config fields.</summary>
public static class FlagsResponseWriter
{
    // JSON, not HTML: quotes inside string payloads stay \" as the Rust service writes them.
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IBufferWriter<byte> output, FlagsOutcome outcome, ResponseFormat format, bool includeConfig, Guid requestId, long evaluatedAtMs)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        switch (format)
        {
            case ResponseFormat.DecideV1:
                writer.WriteStartArray("featureFlags");
                foreach (var flag in outcome.Flags)
                    if (flag.Enabled) writer.WriteStringValue(flag.Key);
                writer.WriteEndArray();
                break;
            case ResponseFormat.DecideV2:
                writer.WriteStartObject("featureFlags");
                foreach (var flag in outcome.Flags)
                    if (flag.Enabled) WriteValue(writer, flag);
                writer.WriteEndObject();
                break;
            case ResponseFormat.FlagsV1:
                writer.WriteStartObject("featureFlags");
                foreach (var flag in outcome.Flags) WriteValue(writer, flag);
                writer.WriteEndObject();
                writer.WriteStartObject("featureFlagPayloads");
                foreach (var flag in outcome.Flags)
                {
                    if (!flag.Enabled || flag.Payload is not { } payload || payload.ValueKind == JsonValueKind.Null) continue;
                    writer.WritePropertyName(flag.Key);
                    payload.WriteTo(writer);
                }
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStartObject("flags");
                foreach (var flag in outcome.Flags) WriteDetails(writer, flag);
                writer.WriteEndObject();
                break;
        }
        if (format is ResponseFormat.FlagsV1 or ResponseFormat.FlagsV2) writer.WriteBoolean("errorsWhileComputingFlags", outcome.ErrorsWhileComputingFlags);
        else if (outcome.ErrorsWhileComputingFlags) writer.WriteBoolean("errorsWhileComputingFlags", true);
        writer.WriteStartArray("quotaLimited");
        writer.WriteEndArray();
        writer.WriteString("requestId", requestId);
        writer.WriteNumber("evaluatedAt", evaluatedAtMs);
        if (includeConfig) RemoteConfig.WriteFields(writer);
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, FlagResult flag)
    {
        if (flag.Enabled && flag.Variant is not null) writer.WriteString(flag.Key, flag.Variant);
        else writer.WriteBoolean(flag.Key, flag.Enabled);
    }

    private static void WriteDetails(Utf8JsonWriter writer, FlagResult flag)
    {
        writer.WriteStartObject(flag.Key);
        writer.WriteString("key", flag.Key);
        writer.WriteBoolean("enabled", flag.Enabled);
        if (flag.Enabled && flag.Variant is not null) writer.WriteString("variant", flag.Variant);
        else writer.WriteNull("variant");
        writer.WriteStartObject("reason");
        writer.WriteString("code", flag.Reason.Code);
        if (flag.Reason.ConditionIndex is { } index) writer.WriteNumber("condition_index", index);
        else writer.WriteNull("condition_index");
        writer.WriteString("description", flag.Reason.Description);
        writer.WriteEndObject();
        writer.WriteStartObject("metadata");
        writer.WriteNumber("id", flag.Id);
        if (flag.Version is { } version) writer.WriteNumber("version", version);
        else writer.WriteNull("version");
        if (string.IsNullOrEmpty(flag.Description)) writer.WriteNull("description");
        else writer.WriteString("description", flag.Description);
        writer.WritePropertyName("payload");
        if (flag.Enabled && flag.Payload is { } payload) payload.WriteTo(writer);
        else writer.WriteNullValue();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
