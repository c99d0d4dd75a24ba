using System.Text;

namespace PostHog.Flags;

/// <summary>PostHog's bucketing hash: SHA-1 of <c>prefix + identifier + salt</c>, first 15 hex digits over 0xFFFFFFFFFFFFFFF.</summary>
public static class FlagHash
{
    private const double LongScale = 0xFFFFFFFFFFFFFFF;
    private const int StackLimit = 512;

    /// <summary>Rollout hash (<paramref name="salt"/> "") or variant hash (salt "variant") of a flag for an identifier.</summary>
    public static double ForFlag(string flagKey, string identifier, string salt = "") => Compute(flagKey, ".", identifier, salt);

    /// <summary>Holdout hash: prefix <c>holdout-</c>, no flag key.</summary>
    public static double ForHoldout(string identifier) => Compute("holdout-", "", identifier, "");

    private static double Compute(string a, string b, string c, string d)
    {
        var length = Encoding.UTF8.GetMaxByteCount(a.Length + b.Length + c.Length + d.Length);
        // Sized to the input: a fixed 512-byte stackalloc was zeroed 40+ times per request for ~100 bytes of input.
        var buffer = length <= StackLimit ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(a, buffer);
        written += Encoding.UTF8.GetBytes(b, buffer[written..]);
        written += Encoding.UTF8.GetBytes(c, buffer[written..]);
        written += Encoding.UTF8.GetBytes(d, buffer[written..]);
        // The first 15 hex digits are the first 60 bits: the digest's top 8 bytes big-endian, shifted right by 4.
        var value = Sha1Prefix.First64Bits(buffer[..written]) >> 4;
        return value / LongScale;
    }
}
