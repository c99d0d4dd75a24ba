using System.Buffers;
using System.Text.Json;
using PostHog.Flags;

namespace PostHog.Decide.Responses;

/// <summary>
/// Writes a /flags or /decide answer in the requested <see cref="ResponseFormat"/>, optionally with the config fields.
/// Each flag's constant parts (escaped key and variants, payload, v2 metadata and reason objects) come pre-encoded
/// from <see cref="FlagsOutcome.Parts"/> when the definitions prepared them, so a request only joins bytes.
/// </summary>
public static class FlagsResponseWriter
{
    // JSON, not HTML: quotes inside string payloads stay \" as the Rust service writes them.
    internal static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonEncodedText FeatureFlagsName = Name("featureFlags");
    private static readonly JsonEncodedText FeatureFlagPayloadsName = Name("featureFlagPayloads");
    private static readonly JsonEncodedText FlagsName = Name("flags");
    private static readonly JsonEncodedText ErrorsName = Name("errorsWhileComputingFlags");
    private static readonly JsonEncodedText QuotaLimitedName = Name("quotaLimited");
    private static readonly JsonEncodedText RequestIdName = Name("requestId");
    private static readonly JsonEncodedText EvaluatedAtName = Name("evaluatedAt");
    private static readonly JsonEncodedText KeyName = Name("key");
    private static readonly JsonEncodedText EnabledName = Name("enabled");
    private static readonly JsonEncodedText VariantName = Name("variant");
    private static readonly JsonEncodedText ReasonName = Name("reason");
    private static readonly JsonEncodedText MetadataName = Name("metadata");

    private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, Options.Encoder);

    public static void Write(IBufferWriter<byte> output, FlagsOutcome outcome, ResponseFormat format, bool includeConfig, Guid requestId, long evaluatedAtMs)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        switch (format)
        {
            case ResponseFormat.DecideV1:
                writer.WriteStartArray(FeatureFlagsName);
                foreach (var flag in outcome.Flags)
                    if (flag.Enabled) writer.WriteStringValue(PartsOf(outcome, flag).Key);
                writer.WriteEndArray();
                break;
            case ResponseFormat.DecideV2:
                writer.WriteStartObject(FeatureFlagsName);
                foreach (var flag in outcome.Flags)
                    if (flag.Enabled) WriteValue(writer, flag, PartsOf(outcome, flag));
                writer.WriteEndObject();
                break;
            case ResponseFormat.FlagsV1:
                writer.WriteStartObject(FeatureFlagsName);
                foreach (var flag in outcome.Flags) WriteValue(writer, flag, PartsOf(outcome, flag));
                writer.WriteEndObject();
                writer.WriteStartObject(FeatureFlagPayloadsName);
                foreach (var flag in outcome.Flags)
                {
                    if (!flag.Enabled || flag.Payload is not { } payload || payload.ValueKind == JsonValueKind.Null) continue;
                    var parts = PartsOf(outcome, flag);
                    writer.WritePropertyName(parts.Key);
                    writer.WriteRawValue(parts.Payload(flag)!, skipInputValidation: true);
                }
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStartObject(FlagsName);
                foreach (var flag in outcome.Flags) WriteDetails(writer, flag, PartsOf(outcome, flag));
                writer.WriteEndObject();
                break;
        }
        if (format is ResponseFormat.FlagsV1 or ResponseFormat.FlagsV2) writer.WriteBoolean(ErrorsName, outcome.ErrorsWhileComputingFlags);
        else if (outcome.ErrorsWhileComputingFlags) writer.WriteBoolean(ErrorsName, true);
        writer.WriteStartArray(QuotaLimitedName);
        writer.WriteEndArray();
        writer.WriteString(RequestIdName, requestId);
        writer.WriteNumber(EvaluatedAtName, evaluatedAtMs);
        if (includeConfig) RemoteConfig.WriteFields(writer);
        writer.WriteEndObject();
    }

    private static FlagResponseParts PartsOf(FlagsOutcome outcome, FlagResult flag) =>
        outcome.Parts is not null && outcome.Parts.TryGetValue(flag.Key, out var parts) && parts.Describes(flag) ? parts : FlagResponseParts.Of(flag);

    private static void WriteValue(Utf8JsonWriter writer, FlagResult flag, FlagResponseParts parts)
    {
        if (flag.Enabled && flag.Variant is not null) writer.WriteString(parts.Key, parts.Variant(flag.Variant));
        else writer.WriteBoolean(parts.Key, flag.Enabled);
    }

    private static void WriteDetails(Utf8JsonWriter writer, FlagResult flag, FlagResponseParts parts)
    {
        writer.WriteStartObject(parts.Key);
        writer.WriteString(KeyName, parts.Key);
        writer.WriteBoolean(EnabledName, flag.Enabled);
        if (flag.Enabled && flag.Variant is not null) writer.WriteString(VariantName, parts.Variant(flag.Variant));
        else writer.WriteNull(VariantName);
        writer.WritePropertyName(ReasonName);
        writer.WriteRawValue(FlagResponseParts.Reason(flag.Reason), skipInputValidation: true);
        writer.WritePropertyName(MetadataName);
        writer.WriteRawValue(parts.Metadata(flag), skipInputValidation: true);
        writer.WriteEndObject();
    }
}
