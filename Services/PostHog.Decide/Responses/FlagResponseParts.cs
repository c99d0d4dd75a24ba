using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using PostHog.Flags;
using PostHog.Flags.Definitions;

namespace PostHog.Decide.Responses;

/// <summary>
/// The parts of one flag's answer that do not depend on who asks, encoded once per definitions version with the
/// response writer's own options (so the bytes are exactly what writing them per request would give): the escaped
/// key, the escaped variant names, the payloads, and the whole v2 <c>metadata</c> object for each payload it can carry.
/// </summary>
public sealed class FlagResponseParts
{
    private readonly int _id;
    private readonly int? _version;
    private readonly string? _description;
    private readonly byte[] _metadataWithoutPayload;
    private readonly Dictionary<string, (byte[] Payload, byte[] Metadata)>? _byPayloadKey;
    private readonly (string Name, JsonEncodedText Encoded)[] _variants;

    private FlagResponseParts(string key, int id, int? version, string? description, Dictionary<string, JsonElement>? payloads, IEnumerable<string> variants)
    {
        Key = JsonEncodedText.Encode(key, FlagsResponseWriter.Options.Encoder);
        _id = id;
        _version = version;
        _description = description;
        _metadataWithoutPayload = Metadata(id, version, description, null);
        if (payloads is { Count: > 0 })
        {
            _byPayloadKey = new Dictionary<string, (byte[], byte[])>(payloads.Count, StringComparer.Ordinal);
            foreach (var (payloadKey, payload) in payloads)
                _byPayloadKey[payloadKey] = (PayloadJson(payload), Metadata(id, version, description, payload));
        }
        _variants = [.. variants.Distinct(StringComparer.Ordinal).Select(name => (name, JsonEncodedText.Encode(name, FlagsResponseWriter.Options.Encoder)))];
    }

    /// <summary>The flag key, escaped: the property name of its entry and the v2 <c>key</c> value.</summary>
    public JsonEncodedText Key { get; }

    /// <summary>Parts for a definition's flag (at load time).</summary>
    public static FlagResponseParts Of(FeatureFlag flag) =>
        new(flag.Key, flag.Id, flag.Version, flag.Name, flag.Filters?.Payloads,
            flag.Filters?.Multivariate?.Variants.Select(v => v.Key) ?? []);

    /// <summary>Parts for a result no definition was prepared for (tests, or a result built elsewhere): encoded now.</summary>
    public static FlagResponseParts Of(FlagResult result) =>
        new(result.Key, result.Id, result.Version, result.Description,
            result.Payload is { } payload ? new Dictionary<string, JsonElement> { [PayloadKey(result)] = payload } : null,
            result.Variant is { } variant ? [variant] : []);

    /// <summary>Whether these parts describe <paramref name="result"/>'s flag as it was evaluated (same id, version and name).</summary>
    public bool Describes(FlagResult result) =>
        result.Id == _id && result.Version == _version && string.Equals(result.Description, _description, StringComparison.Ordinal);

    /// <summary>The escaped variant name; encoded now if the flag did not list it (holdout variants).</summary>
    public JsonEncodedText Variant(string variant)
    {
        foreach (var (name, encoded) in _variants)
            if (string.Equals(name, variant, StringComparison.Ordinal)) return encoded;
        return JsonEncodedText.Encode(variant, FlagsResponseWriter.Options.Encoder);
    }

    /// <summary>
    /// The payload JSON of an enabled result, or null when it has none. The evaluator takes an enabled flag's payload
    /// from <c>filters.payloads[variant ?? "true"]</c>, so that entry's encoding is the payload's.
    /// </summary>
    public byte[]? Payload(FlagResult result)
    {
        if (!result.Enabled || result.Payload is not { } payload) return null;
        if (_byPayloadKey is not null && _byPayloadKey.TryGetValue(PayloadKey(result), out var parts)) return parts.Payload;
        return PayloadJson(payload);
    }

    // Lambdas live in their own methods: a captured parameter would allocate its closure on every call, hit or miss.
    private static byte[] PayloadJson(JsonElement payload) => Json(writer => payload.WriteTo(writer));

    /// <summary>The whole v2 <c>metadata</c> object: id, version, description, and the payload when enabled.</summary>
    public byte[] Metadata(FlagResult result)
    {
        if (!result.Enabled || result.Payload is not { } payload) return _metadataWithoutPayload;
        if (_byPayloadKey is not null && _byPayloadKey.TryGetValue(PayloadKey(result), out var parts)) return parts.Metadata;
        return Metadata(_id, _version, _description, payload);
    }

    private static string PayloadKey(FlagResult result) => result.Variant ?? "true";

    // Reasons are a few shared instances (static ones and one per compiled condition), so encode each once.
    private static readonly ConcurrentDictionary<FlagReason, byte[]> Reasons = new(ReferenceEqualityComparer.Instance);
    private const int MaxReasons = 10_000;

    /// <summary>The v2 <c>reason</c> object: code, condition index, description.</summary>
    public static byte[] Reason(FlagReason reason) => Reasons.TryGetValue(reason, out var json) ? json : EncodeReason(reason);

    private static byte[] EncodeReason(FlagReason reason)
    {
        var json = Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("code", reason.Code);
            if (reason.ConditionIndex is { } index) writer.WriteNumber("condition_index", index);
            else writer.WriteNull("condition_index");
            writer.WriteString("description", reason.Description);
            writer.WriteEndObject();
        });
        if (Reasons.Count >= MaxReasons) Reasons.Clear(); // old definitions' reasons must not pile up
        Reasons[reason] = json;
        return json;
    }

    private static byte[] Metadata(int id, int? version, string? description, JsonElement? payload) => Json(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", id);
        if (version is { } v) writer.WriteNumber("version", v);
        else writer.WriteNull("version");
        if (string.IsNullOrEmpty(description)) writer.WriteNull("description");
        else writer.WriteString("description", description);
        writer.WritePropertyName("payload");
        if (payload is { } value) value.WriteTo(writer);
        else writer.WriteNullValue();
        writer.WriteEndObject();
    });

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, FlagsResponseWriter.Options)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
