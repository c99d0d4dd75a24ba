using System.Buffers.Text;

namespace PostHog.RequestDecoding;

/// <summary>Base64 as browsers and url-encoding leave it: '+' turned to spaces, url-safe alphabet, missing padding.</summary>
public static class Base64Body
{
    /// <summary>Only base64 alphabet in the first 128 bytes and a length divisible by 4 (capture-rs's strict sniff).</summary>
    public static bool LooksStrict(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0 || bytes.Length % 4 != 0) return false;
        foreach (var b in bytes[..Math.Min(128, bytes.Length)])
        {
            if (!IsAlphabet(b)) return false;
        }
        return true;
    }

    public static bool TryDecode(ReadOnlySpan<byte> encoded, out byte[] decoded)
    {
        var padded = (encoded.Length + 3) / 4 * 4;
        var normalized = new byte[padded];
        var length = 0;
        foreach (var b in encoded)
        {
            switch (b)
            {
                case (byte)' ': normalized[length++] = (byte)'+'; break;
                case (byte)'-': normalized[length++] = (byte)'+'; break;
                case (byte)'_': normalized[length++] = (byte)'/'; break;
                case (byte)'\r' or (byte)'\n' or (byte)'\t': break;
                default: normalized[length++] = b; break;
            }
        }
        while (length % 4 != 0) normalized[length++] = (byte)'=';
        decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(length)];
        if (Base64.DecodeFromUtf8(normalized.AsSpan(0, length), decoded, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            decoded = [];
            return false;
        }
        decoded = decoded.AsSpan(0, written).ToArray();
        return true;
    }

    private static bool IsAlphabet(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'+' or (byte)'/' or (byte)'=';
}
