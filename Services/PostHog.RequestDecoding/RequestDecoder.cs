using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Options;

namespace PostHog.RequestDecoding;

/// <summary>
/// Bytes as the SDK sent them → UTF-8 JSON: query <c>data</c> or body, form field, base64, gzip (hinted or sniffed
/// by magic bytes), lz64. Every size check applies to the decompressed result (spec §1.2).
/// </summary>
public sealed class RequestDecoder(IOptions<DecodingOptions> options)
{
    private readonly DecodingOptions _options = options.Value;

    public ReadOnlyMemory<byte> Decode(EncodedRequest request, int limitBytes) => Decode(request, limitBytes, pool: null, out _);

    /// <summary>As <see cref="Decode(EncodedRequest, int)"/>; gzip output is rented from <paramref name="pool"/> and, when it was, handed back as <paramref name="rented"/> to return after use.</summary>
    public ReadOnlyMemory<byte> Decode(EncodedRequest request, int limitBytes, ArrayPool<byte>? pool, out byte[]? rented)
    {
        rented = null;
        ReadOnlyMemory<byte> bytes = !string.IsNullOrEmpty(request.QueryData)
            ? Encoding.UTF8.GetBytes(RestorePlus(request.QueryData))
            : request.Body;
        if (bytes.IsEmpty) throw RequestDecodingException.Empty();

        string? formCompression = null;
        var isForm = IsFormContentType(request.ContentType);
        if (isForm || (!BoundedGzip.HasMagic(bytes.Span) && FormBody.LooksLikeForm(bytes.Span)))
        {
            if (!FormBody.LooksLikeForm(bytes.Span)) throw RequestDecodingException.Invalid("expected form data");
            var form = FormBody.Parse(bytes.Span);
            if (string.IsNullOrEmpty(form.Data)) throw RequestDecodingException.Empty();
            bytes = Encoding.UTF8.GetBytes(form.Data);
            formCompression = form.Compression;
        }

        var hint = CompressionHints.Resolve(request.QueryCompression, formCompression, request.ContentEncoding);
        if (hint == CompressionHint.LzString) return CheckText(DecodeLzString(bytes.Span, limitBytes), limitBytes);

        if (hint == CompressionHint.Base64)
        {
            if (!Base64Body.TryDecode(bytes.Span, out var decoded)) throw RequestDecodingException.Invalid("invalid base64 data");
            bytes = decoded;
        }
        else if (!BoundedGzip.HasMagic(bytes.Span) && Base64Body.LooksStrict(bytes.Span) && Base64Body.TryDecode(bytes.Span, out var optimistic))
        {
            bytes = optimistic;
        }

        if (hint == CompressionHint.Gzip || BoundedGzip.HasMagic(bytes.Span))
        {
            if (!BoundedGzip.HasMagic(bytes.Span)) throw RequestDecodingException.Invalid("compression is gzip but the body is not gzip");
            bytes = BoundedGzip.Inflate(bytes, limitBytes, _options.MaxExpansionRatio, _options.ExpansionFloorBytes, pool, out rented);
        }

        bytes = CheckText(bytes, limitBytes);
        if (request.LegacyPath && Base64Body.LooksStrict(bytes.Span) && Base64Body.TryDecode(bytes.Span, out var again))
        {
            bytes = CheckText(again, limitBytes);
        }
        return bytes;
    }

    private static ReadOnlyMemory<byte> DecodeLzString(ReadOnlySpan<byte> bytes, int limitBytes)
    {
        var text = Encoding.UTF8.GetString(bytes).Replace(' ', '+');
        var json = LzString.DecompressFromBase64(text, limitBytes);
        if (string.IsNullOrEmpty(json)) throw RequestDecodingException.Invalid("invalid lz-string data");
        return Encoding.UTF8.GetBytes(json);
    }

    private static ReadOnlyMemory<byte> CheckText(ReadOnlyMemory<byte> bytes, int limitBytes)
    {
        if (bytes.Length > limitBytes) throw RequestDecodingException.TooLarge($"payload exceeds {limitBytes} bytes");
        if (!Utf8.IsValid(bytes.Span)) throw RequestDecodingException.Invalid("payload is not valid UTF-8");
        return bytes;
    }

    private static bool IsFormContentType(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>Query decoding turns base64 '+' into spaces; JSON passed as <c>data</c> keeps its spaces.</summary>
    private static string RestorePlus(string data) =>
        data.Contains(' ') && data.TrimStart() is not ['{', ..] and not ['[', ..] ? data.Replace(' ', '+') : data;
}
